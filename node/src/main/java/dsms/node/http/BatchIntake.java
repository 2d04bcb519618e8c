package dsms.node.http;

import dsms.market.codec.CommandCodec;
import dsms.market.command.Commands;
import dsms.market.command.ParseOutcome;
import dsms.market.result.Result;
import dsms.protocol.message.RequestId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a user's operations into what the front end submits: a request ID and a command each,
 * with the same rules on every client path (HTTP in JSON or binary, and the stream protocol), so
 * that a retry finds its request whichever path it takes. One per front end: its counter numbers
 * the requests of every path.
 */
public final class BatchIntake {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int IDEMPOTENCY_KEY_LENGTH_MAX = 128;

    /** This front end incarnation's client number: request IDs never collide across restarts. */
    private final long clientId;
    private final AtomicLong counter = new AtomicLong();

    public BatchIntake(long clientId) {
        this.clientId = clientId;
    }

    /**
     * A batch ready to submit. {@code rejected} holds, at each index, the result of an operation
     * the command parser refused before the cluster (an argument too long, a count that is not a
     * number), else null; {@code submitted} the indexes of the others, in order, with their request
     * IDs and commands.
     */
    record Prepared(List<OperationBodies.BatchItem> items, Result[] rejected, List<Integer> submitted,
            List<RequestId> requestIds, List<byte[]> commands) {}

    /**
     * Checks and encodes every operation of {@code userId}'s batch; throws {@link ApiError} (bad
     * request, naming the operation's index) when one is unusable, so that nothing of the batch
     * runs. With an idempotency key, operation {@code i} is keyed by the key and {@code i}.
     */
    Prepared prepare(String userId, List<OperationBodies.BatchItem> items, String idempotencyKey) {
        checkIdempotencyKey(idempotencyKey);
        Result[] rejected = new Result[items.size()];
        List<Integer> submitted = new ArrayList<>(items.size());
        List<RequestId> requestIds = new ArrayList<>(items.size());
        List<byte[]> commands = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            OperationBodies.BatchItem item = items.get(index);
            ParseOutcome parsed = Commands.parse(userId, item.operation().name(), item.arguments());
            if (parsed instanceof ParseOutcome.UsageError usage) {
                throw ApiError.badRequest("operations[" + index + "]: " + usage.message());
            }
            if (parsed instanceof ParseOutcome.Rejected refused) {
                rejected[index] = refused.toResult();
                continue;
            }
            submitted.add(index);
            // Each operation gets its own key, so retrying the batch with its key repeats none of them.
            requestIds.add(idempotencyKey == null ? fresh() : derived(userId + "\n" + idempotencyKey + "\n" + index));
            commands.add(CommandCodec.encode(((ParseOutcome.Parsed) parsed).command()));
        }
        return new Prepared(items, rejected, submitted, requestIds, commands);
    }

    /**
     * A fresh request ID, or with an idempotency key one derived from the user and the key, so a
     * retry (even through a restarted front end) reuses it and never executes twice.
     */
    RequestId requestId(String userId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return fresh();
        }
        checkIdempotencyKey(idempotencyKey);
        return derived(userId + "\n" + idempotencyKey);
    }

    private RequestId fresh() {
        return new RequestId(clientId, counter.incrementAndGet());
    }

    /** A request ID that depends only on {@code material}, the same through any front end. */
    private static RequestId derived(String material) {
        byte[] digest = sha256(material);
        long derived = 0;
        for (int index = 0; index < Long.BYTES; index++) {
            derived = (derived << 8) | (digest[index] & 0xFF);
        }
        return new RequestId(derived, 0);
    }

    static void checkIdempotencyKey(String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > IDEMPOTENCY_KEY_LENGTH_MAX)) {
            throw ApiError.badRequest(IDEMPOTENCY_HEADER + " must have 1 to " + IDEMPOTENCY_KEY_LENGTH_MAX + " characters");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
