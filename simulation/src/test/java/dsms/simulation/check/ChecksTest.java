package dsms.simulation.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.market.codec.CommandCodec;
import dsms.market.command.AddShare;
import dsms.protocol.Delivery;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import org.junit.jupiter.api.Test;

/** Each check fails at the first divergence, naming it; a right history passes. */
class ChecksTest {
    private static final NodeId A = NodeId.replica(0);
    private static final NodeId B = NodeId.replica(1);
    private static final byte[] ADD_SHARE = CommandCodec.encode(new AddShare("NYKA0001", "NYKM100224", "EQUITY", 100));
    private static final byte[] ADD_OTHER_SHARE = CommandCodec.encode(new AddShare("NYKA0001", "NYKM110224", "EQUITY", 100));

    private static OrderedEntry entry(long sequence, long counter, byte[] command) {
        return new OrderedEntry(1, sequence, 1_000 + sequence, new RequestId(7, counter), NodeId.frontEnd(0), command);
    }

    private static Delivery executed(NodeId replica, OrderedEntry entry, byte[] result) {
        return new Delivery(replica, entry, Delivery.Kind.EXECUTED, entry.sequence(), result);
    }

    private static byte[] resultOf(byte[] command) {
        return new MarketService().apply(1, 1_001, command, AuditSink.NONE);
    }

    @Test
    void shouldFailTotalOrderWhenTwoReplicasDeliverDifferentEntriesAtOneNumber() {
        TotalOrderCheck check = new TotalOrderCheck();
        check.onDelivery(executed(A, entry(1, 1, ADD_SHARE), new byte[] {1}));
        check.onDelivery(executed(B, entry(1, 1, ADD_SHARE), new byte[] {1}));

        assertThatThrownBy(() -> check.onDelivery(executed(A, entry(3, 3, ADD_SHARE), new byte[] {1})))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.TOTAL_ORDER))
                .hasMessageContaining("RA delivered #3 right after #1");
        check.onDelivery(executed(A, entry(2, 2, ADD_SHARE), new byte[] {1}));
        assertThatThrownBy(() -> check.onDelivery(executed(B, entry(2, 9, ADD_SHARE), new byte[] {1})))
                .hasMessageContaining("at #2 RA delivered #2 (epoch 1, request 7-2")
                .hasMessageContaining("but RB delivered #2 (epoch 1, request 7-9");
        assertThat(check.agreedOrder()).hasSize(2);
    }

    @Test
    void shouldFailExactlyOnceWhenAReplicaExecutesARequestTwice() {
        ExactlyOnceCheck check = new ExactlyOnceCheck();
        check.onDelivery(executed(A, entry(1, 1, ADD_SHARE), new byte[] {1}));
        check.onDelivery(new Delivery(A, entry(2, 1, ADD_SHARE), Delivery.Kind.DEDUPLICATED, 1, new byte[] {1}));

        assertThatThrownBy(() -> check.onDelivery(executed(A, entry(3, 1, ADD_SHARE), new byte[] {1})))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.EXACTLY_ONCE))
                .hasMessageContaining("RA executed request 7-1 twice: at #1 and again at #3");
        assertThatThrownBy(() -> check.onDelivery(new Delivery(B, entry(1, 5, ADD_SHARE), Delivery.Kind.DEDUPLICATED, 1, new byte[0])))
                .hasMessageContaining("never executed it");
    }

    @Test
    void shouldFailAnAgreedAnswerThatDiffersFromTheReferenceMarketForTheAgreedOrder() {
        TotalOrderCheck order = new TotalOrderCheck();
        order.onDelivery(executed(A, entry(1, 1, ADD_SHARE), resultOf(ADD_SHARE)));
        order.onDelivery(executed(A, entry(2, 2, ADD_OTHER_SHARE), new byte[] {1}));
        ReferenceMarket reference = new ReferenceMarket();

        reference.checkAgreed(RequestOutcome.agreed(new RequestId(7, 1), 1, resultOf(ADD_SHARE)), order.agreedOrder());
        assertThatThrownBy(() -> reference.checkAgreed(
                        RequestOutcome.agreed(new RequestId(7, 2), 2, resultOf(ADD_SHARE)), order.agreedOrder()))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.AGREED_ANSWER))
                .hasMessageContaining("request 7-2 was answered AGREED #2 OK");
        assertThatThrownBy(() -> reference.checkAgreed(
                        RequestOutcome.agreed(new RequestId(7, 1), 2, resultOf(ADD_SHARE)), order.agreedOrder()))
                .hasMessageContaining("executes it at #1");
        assertThatThrownBy(() -> reference.checkAgreed(
                        RequestOutcome.agreed(new RequestId(7, 3), 3, new byte[] {9}), order.agreedOrder()))
                .hasMessageContaining("no replica delivered it");
    }
}
