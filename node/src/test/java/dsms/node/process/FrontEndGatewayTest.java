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
import java.util.ArrayList;
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
        withLoop(orderingTimeoutMs, (gateway, driver) -> scenario.run(gateway));
    }

    /** As {@link #withGateway}, with the loop's driver too, for scenarios that run on the loop. */
    private static void withLoop(long orderingTimeoutMs, LoopScenario scenario) throws Exception {
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
                scenario.run(gateway, driver);
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

    @FunctionalInterface
    private interface LoopScenario {
        void run(FrontEndGateway gateway, NodeDriver driver) throws Exception;
    }

    private static FrontEndGateway.Outcomes submitPair(FrontEndGateway gateway, long firstCounter) {
        return gateway.submitAll(List.of(new RequestId(5, firstCounter), new RequestId(5, firstCounter + 1)),
                List.of(new byte[] {1}, new byte[] {2}));
    }

    /** The status of every outcome of the batch, once all are in; fails after {@code waitMs}. */
    private static List<RequestOutcome.Status> statusesOf(FrontEndGateway.Outcomes outcomes, long waitMs) throws Exception {
        outcomes.done().get(waitMs, TimeUnit.MILLISECONDS);
        List<RequestOutcome.Status> statuses = new ArrayList<>();
        for (int index = 0; index < outcomes.size(); index++) {
            statuses.add(outcomes.get(index).status());
        }
        return statuses;
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
            FrontEndGateway.Outcomes first = submitPair(gateway, 1);
            FrontEndGateway.Outcomes second = submitPair(gateway, 3);

            // The front end is full with the first pair; the second waits instead of failing.
            awaitParkedOperations(gateway, 2);
            assertThat(second.done()).isNotDone();
            assertThat(second.get(0)).isNull();

            // The first pair times out unordered, which makes room: the second pair goes in and
            // times out the same way, proof that it was submitted rather than refused.
            assertThat(statusesOf(first, 5_000)).containsOnly(RequestOutcome.Status.TIMED_OUT);
            assertThat(statusesOf(second, 5_000)).containsExactly(RequestOutcome.Status.TIMED_OUT, RequestOutcome.Status.TIMED_OUT);
        });
    }

    @Test
    void shouldAnswerABatchOverloadedWhenItWaitedTooLongForRoom() throws Exception {
        withGateway(60_000, gateway -> {
            submitPair(gateway, 1);
            FrontEndGateway.Outcomes waiting = submitPair(gateway, 3);

            long waitMs = FrontEndGateway.PARKED_MS_MAX + 3_000;
            assertThat(statusesOf(waiting, waitMs)).containsExactly(RequestOutcome.Status.OVERLOADED,
                    RequestOutcome.Status.OVERLOADED);
        });
    }

    @Test
    void shouldLetARetryJoinTheRequestInProgressInsteadOfSubmittingItAgain() throws Exception {
        withGateway(800, gateway -> {
            FrontEndGateway.Outcomes first = submitPair(gateway, 1);
            // A retry of the second request, batched with a new one, and a single retry of the first.
            FrontEndGateway.Outcomes retry = gateway.submitAll(List.of(new RequestId(5, 2), new RequestId(5, 7)),
                    List.of(new byte[] {2}, new byte[] {7}));
            CompletableFuture<RequestOutcome> single = gateway.submit(new RequestId(5, 1), new byte[] {1});

            // Three request IDs wait, not four: the retries joined. The front end holds two at
            // most, so the new one waits for room, and nothing was refused.
            assertThat(gateway.waitingRequests()).isEqualTo(3);
            awaitParkedOperations(gateway, 1);

            // Each joined retry ends with the outcome of the request it joined.
            assertThat(statusesOf(first, 5_000)).containsOnly(RequestOutcome.Status.TIMED_OUT);
            assertThat(single.get(5_000, TimeUnit.MILLISECONDS)).isSameAs(first.get(0));
            assertThat(statusesOf(retry, 5_000)).containsOnly(RequestOutcome.Status.TIMED_OUT);
            assertThat(retry.get(0)).isSameAs(first.get(1));
            assertThat(retry.get(1).requestId()).isEqualTo(new RequestId(5, 7));
            assertThat(gateway.waitingRequests()).isZero();
        });
    }

    @Test
    void shouldFillABatchSubmittedOnTheLoopOnTheLoopThreadAndAnHttpBatchOnAnAnsweringThread() throws Exception {
        withLoop(100, (gateway, driver) -> {
            CompletableFuture<String> loopBatchFilledOn = new CompletableFuture<>();
            driver.execute(outbox -> gateway.submitAllOnLoop(List.of(new RequestId(6, 1)), List.of(new byte[] {1}), outbox)
                    .done().thenRun(() -> loopBatchFilledOn.complete(Thread.currentThread().getName())));
            CompletableFuture<String> httpBatchFilledOn = gateway.submitAll(List.of(new RequestId(6, 2)), List.of(new byte[] {2}))
                    .done().thenApply(done -> Thread.currentThread().getName());

            assertThat(loopBatchFilledOn.get(5, TimeUnit.SECONDS)).as("no hand-over for the stream's batches")
                    .isEqualTo("front-end-gateway-test");
            assertThat(httpBatchFilledOn.get(5, TimeUnit.SECONDS)).isEqualTo("front-end-answering");
        });
    }

    @Test
    void shouldCompleteABatchWithNothingToSubmitAtOnce() throws Exception {
        withGateway(60_000, gateway -> {
            FrontEndGateway.Outcomes nothing = gateway.submitAll(List.of(), List.of());

            assertThat(nothing.done()).isCompleted();
            assertThat(nothing.size()).isZero();
        });
    }
}
