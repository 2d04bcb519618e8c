package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.RequestOutcome;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.frontend.FrontEndConfig;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;
import dsms.transport.AddressBook;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway over a live front end loop whose sequencer never answers (a socket nobody reads), so
 * requests stay pending until the front end's ordering timeout.
 */
class FrontEndGatewayTest {
    private static final long MILLISECOND_NS = 1_000_000L;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** Runs {@code scenario} against a gateway whose front end holds two requests at most. */
    private static void withGateway(long orderingTimeoutMs, GatewayScenario scenario) throws Exception {
        FrontEnd frontEnd = new FrontEnd(NodeId.frontEnd(0), new ClusterShape(3, FailureMode.CRASH),
                FrontEndConfig.defaults().withPendingRequestsMax(2).withOrderingTimeoutNs(orderingTimeoutMs * MILLISECOND_NS));
        try (UdpEndpoint endpoint = UdpEndpoint.bind(LOOPBACK);
                DatagramChannel silentSequencer = DatagramChannel.open().bind(LOOPBACK)) {
            AddressBook addresses = new AddressBook(
                    Map.of(NodeId.sequencer(0), (InetSocketAddress) silentSequencer.getLocalAddress()));
            FrontEndGateway gateway = new FrontEndGateway(frontEnd);
            NodeDriver driver = new NodeDriver(frontEnd, endpoint, new DatagramCodec(new byte[32]), addresses, gateway,
                    System::nanoTime, MILLISECOND_NS);
            gateway.attach(driver);
            Thread loop = new Thread(driver, "front-end-gateway-test");
            loop.start();
            try {
                scenario.run(gateway);
            } finally {
                driver.stop();
                loop.join(5_000);
                gateway.close();
            }
        }
    }

    @FunctionalInterface
    private interface GatewayScenario {
        void run(FrontEndGateway gateway) throws Exception;
    }

    private static List<CompletableFuture<RequestOutcome>> submitPair(FrontEndGateway gateway, long firstCounter) {
        return gateway.submitAll(List.of(new RequestId(5, firstCounter), new RequestId(5, firstCounter + 1)),
                List.of(new byte[] {1}, new byte[] {2}));
    }

    private static RequestOutcome.Status statusOf(CompletableFuture<RequestOutcome> future, long waitMs) throws Exception {
        return future.get(waitMs, TimeUnit.MILLISECONDS).status();
    }

    /** Waits until {@code operations} wait for admission; fails after 5 s. */
    private static void awaitParkedOperations(FrontEndGateway gateway, int operations) throws InterruptedException {
        long deadlineNs = System.nanoTime() + 5_000 * MILLISECOND_NS;
        while (gateway.parkedOperations() != operations) {
            assertThat(System.nanoTime()).as("%d operations waiting within 5 s", operations).isLessThan(deadlineNs);
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldLetAWaitingBatchInOnceTheFrontEndHasRoomInsteadOfRefusingIt() throws Exception {
        withGateway(500, gateway -> {
            List<CompletableFuture<RequestOutcome>> first = submitPair(gateway, 1);
            List<CompletableFuture<RequestOutcome>> second = submitPair(gateway, 3);

            // The front end is full with the first pair; the second waits instead of failing.
            awaitParkedOperations(gateway, 2);
            assertThat(second.get(0)).isNotDone();

            // The first pair times out unordered, which makes room: the second pair goes in and
            // times out the same way, proof that it was submitted rather than refused.
            assertThat(statusOf(first.get(0), 5_000)).isEqualTo(RequestOutcome.Status.TIMED_OUT);
            assertThat(statusOf(second.get(0), 5_000)).isEqualTo(RequestOutcome.Status.TIMED_OUT);
            assertThat(statusOf(second.get(1), 5_000)).isEqualTo(RequestOutcome.Status.TIMED_OUT);
        });
    }

    @Test
    void shouldAnswerABatchOverloadedWhenItWaitedTooLongForRoom() throws Exception {
        withGateway(60_000, gateway -> {
            submitPair(gateway, 1);
            List<CompletableFuture<RequestOutcome>> waiting = submitPair(gateway, 3);

            long waitMs = FrontEndGateway.PARKED_MS_MAX + 3_000;
            assertThat(statusOf(waiting.get(0), waitMs)).isEqualTo(RequestOutcome.Status.OVERLOADED);
            assertThat(statusOf(waiting.get(1), waitMs)).isEqualTo(RequestOutcome.Status.OVERLOADED);
        });
    }
}
