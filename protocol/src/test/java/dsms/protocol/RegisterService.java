package dsms.protocol;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.core.DeterministicService;
import dsms.core.SnapshotFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny deterministic service for protocol tests: an append-only register of commands.
 *
 * <p>A command is UTF-8 text. {@code size=N} returns N bytes without changing the state (to test
 * chunking); any other command is appended, and the result is {@code "#<count> <command>
 * @<timestamp>"}, so results differ by position and time and expose reordering or double
 * execution. A replica built with {@link Behaviour#WRONG_RESULTS} plays a byzantine replica: same
 * state, corrupted result bytes. One built with {@link Behaviour#CORRUPT_ON_MARKED} misbehaves
 * only on commands that start with {@link #MARK}: it stores something else and returns a wrong
 * result, so its state diverges.
 */
public final class RegisterService implements DeterministicService {
    /** Commands with this prefix make a {@link Behaviour#CORRUPT_ON_MARKED} service misbehave. */
    public static final String MARK = "mark:";

    private final Behaviour behaviour;
    private final List<String> commands = new ArrayList<>();

    public RegisterService() {
        this(Behaviour.CORRECT);
    }

    public RegisterService(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public static byte[] command(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] apply(long sequence, long timestampMillis, byte[] command, AuditSink audit) {
        String text = new String(command, StandardCharsets.UTF_8);
        byte[] result;
        if (text.startsWith("size=")) {
            result = pattern(Integer.parseInt(text.substring("size=".length())));
        } else if (behaviour == Behaviour.CORRUPT_ON_MARKED && text.startsWith(MARK)) {
            commands.add("corrupted " + text);
            result = command("corrupted " + sequence);
        } else {
            commands.add(text);
            result = command("#" + commands.size() + " " + text + " @" + timestampMillis);
        }
        if (audit.isEnabled()) {
            audit.record("register", sequence + " " + text);
        }
        return behaviour == Behaviour.WRONG_RESULTS ? command("wrong " + sequence) : result;
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int index = 0; index < length; index++) {
            bytes[index] = (byte) index;
        }
        return bytes;
    }

    /** The commands appended so far, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    public byte[] snapshot() {
        return command(String.join("\n", commands));
    }

    @Override
    public void restore(byte[] snapshot) {
        String text = new String(snapshot, StandardCharsets.UTF_8);
        if (text.contains("\r")) {
            throw new SnapshotFormatException("a register snapshot has no carriage returns");
        }
        commands.clear();
        if (!text.isEmpty()) {
            commands.addAll(List.of(text.split("\n", -1)));
        }
    }

    @Override
    public void checkInvariants() {
        for (String command : commands) {
            Checks.check(!command.contains("\n"), "a register command has no line breaks");
        }
    }

    public enum Behaviour {
        CORRECT,
        WRONG_RESULTS,
        CORRUPT_ON_MARKED
    }
}
