package dsms.node.process;

import dsms.core.AuditSink;
import dsms.core.DeterministicService;

/**
 * Operator fault injection ({@code dsms fault byzantine}): wraps the real service and, while
 * switched on, corrupts every result it returns, so the replica behaves like one with a software
 * bug. The state itself stays correct; only the answers lie, which is what the front end's vote
 * and the managers' wrong-result counting must catch.
 */
final class FaultInjectingService implements DeterministicService {
    private final DeterministicService service;
    private volatile boolean byzantine;
    private long lastRestoreNs;

    FaultInjectingService(DeterministicService service) {
        this.service = service;
    }

    void setByzantine(boolean wrongResults) {
        this.byzantine = wrongResults;
    }

    boolean isByzantine() {
        return byzantine;
    }

    @Override
    public byte[] apply(long sequence, long timestampMillis, byte[] command, AuditSink audit) {
        byte[] result = service.apply(sequence, timestampMillis, command, audit);
        if (byzantine && result.length > 0) {
            byte[] wrong = result.clone();
            wrong[wrong.length - 1] ^= 0x5A;
            return wrong;
        }
        return result;
    }

    @Override
    public byte[] snapshot() {
        return service.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
        long startedNs = System.nanoTime();
        service.restore(snapshot);
        lastRestoreNs = System.nanoTime() - startedNs;
    }

    /** How long the latest restore took, for the replica's recovery log lines; 0 before any. */
    long lastRestoreNs() {
        return lastRestoreNs;
    }

    @Override
    public void checkInvariants() {
        service.checkInvariants();
    }
}
