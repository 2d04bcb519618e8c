package dsms.market.command;

import dsms.core.Checks;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;

/** What {@link Commands#parse} made of a command line: a command, a usage error or a rejection. */
public sealed interface ParseOutcome {

    /** The arguments form a command; the market decides whether their values are valid. */
    record Parsed(Command command) implements ParseOutcome {
        public Parsed {
            Checks.check(command != null, "a parsed outcome carries a command");
        }
    }

    /**
     * The command line does not have the shape of any operation (unknown operation, wrong number of
     * arguments): the CLI exits with its usage status, and nothing reaches the market.
     */
    record UsageError(String message) implements ParseOutcome {
        public UsageError {
            Checks.check(message != null, "a usage error has a message");
        }
    }

    /**
     * The shape is right but an argument can never be valid (a count that is not an integer, an
     * argument too long to carry): the answer is an {@code INVALID_ARGUMENT} result, the same code
     * the market gives for any other malformed argument.
     */
    record Rejected(String message) implements ParseOutcome {
        public Rejected {
            Checks.check(message != null, "a rejection has a message");
        }

        public Result toResult() {
            return Result.failure(ResultCode.INVALID_ARGUMENT, message);
        }
    }
}
