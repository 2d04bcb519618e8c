package dsms.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * Prints outcomes for people or, with {@code --json}, as one object per outcome: {@code
 * {"ok","code","message","data"}} on standard output. People get results on standard output and
 * errors the CLI or the cluster caused on standard error.
 */
final class OutcomePrinter {
    private final ObjectMapper json = new ObjectMapper();
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean jsonOutput;

    OutcomePrinter(PrintWriter out, PrintWriter err, boolean jsonOutput) {
        this.out = out;
        this.err = err;
        this.jsonOutput = jsonOutput;
    }

    /** Prints {@code outcome}; returns its exit status. */
    int print(Outcome outcome) {
        if (jsonOutput) {
            ObjectNode object = json.createObjectNode();
            object.put("ok", outcome.ok()).put("code", outcome.code()).put("message", outcome.message());
            object.set("data", outcome.data());
            out.println(object);
        } else if (outcome.ok()) {
            out.println(ResultPrinter.render(outcome.message(), outcome.data()));
        } else if (outcome.kind() == Outcome.Kind.BUSINESS_ERROR) {
            out.println(outcome.code() + ": " + outcome.message());
        } else {
            err.println("dsms: " + outcome.code() + ": " + outcome.message());
        }
        out.flush();
        err.flush();
        return outcome.kind().exitStatus();
    }
}
