package dsms.market.codec;

import dsms.core.Checks;
import dsms.market.command.Command;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;

/** What {@link CommandCodec#decode} made of some bytes: a command, or the reason it is none. */
public sealed interface CommandDecoding {

    record Decoded(Command command) implements CommandDecoding {
        public Decoded {
            Checks.check(command != null, "a decoded outcome carries a command");
        }
    }

    /** The bytes are no command; the answer to them is an {@code INVALID_ARGUMENT} result. */
    record Malformed(String reason) implements CommandDecoding {
        public Malformed {
            Checks.check(reason != null, "a malformed outcome has a reason");
        }

        public Result toResult() {
            return Result.failure(ResultCode.INVALID_ARGUMENT, "malformed command: " + reason);
        }
    }
}
