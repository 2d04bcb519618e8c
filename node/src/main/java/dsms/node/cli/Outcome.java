package dsms.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * What one operation came to, as the CLI reports it: the kind fixes the exit status of DESIGN.md
 * ("Interfaces"), the code and message are the answer's (or the CLI's own for errors it found).
 */
record Outcome(Kind kind, String code, String message, JsonNode data) {
    /** The CLI's own code when the front end could not be reached. */
    static final String UNAVAILABLE = "UNAVAILABLE";
    /** The CLI's own code when the command line itself is wrong. */
    static final String USAGE_ERROR = "USAGE_ERROR";

    enum Kind {
        OK(0),
        BUSINESS_ERROR(1),
        USAGE_ERROR(2),
        UNAVAILABLE(3);

        private final int exitStatus;

        Kind(int exitStatus) {
            this.exitStatus = exitStatus;
        }

        int exitStatus() {
            return exitStatus;
        }
    }

    Outcome {
        data = data == null || data.isNull() || data.isMissingNode() ? JsonNodeFactory.instance.objectNode() : data;
    }

    boolean ok() {
        return kind == Kind.OK;
    }

    static Outcome usageError(String message) {
        return new Outcome(Kind.USAGE_ERROR, USAGE_ERROR, message, null);
    }

    static Outcome unavailable(String message) {
        return new Outcome(Kind.UNAVAILABLE, UNAVAILABLE, message, null);
    }

    /**
     * The outcome of an HTTP answer: 200 is a market result (ok or a business error); a refused
     * request is a usage error when the request was malformed, else the cluster was unavailable,
     * timed out or did not accept the key.
     */
    static Outcome ofAnswer(int httpStatus, JsonNode answer) {
        boolean ok = answer.path("ok").asBoolean(false);
        String code = answer.path("code").asText("UNKNOWN");
        String message = answer.path("message").asText("");
        Kind kind;
        if (httpStatus == 200) {
            kind = ok ? Kind.OK : Kind.BUSINESS_ERROR;
        } else if (httpStatus == 401 || httpStatus >= 500) {
            kind = Kind.UNAVAILABLE;
        } else {
            kind = Kind.USAGE_ERROR;
        }
        return new Outcome(kind, code, message, answer.get("data"));
    }
}
