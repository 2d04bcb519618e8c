package dsms.node.bench;

import dsms.market.codec.ResultCodec;
import dsms.market.result.ResultCode;
import dsms.node.http.ApiErrorCode;
import dsms.node.http.BatchWire;
import java.nio.charset.StandardCharsets;

/**
 * Sorts the results in a front end's answer into successes, business errors and failures,
 * without building a JSON tree: the benchmark reads every answer, and parsing each into objects
 * would cost more than the request itself.
 *
 * <p>A result is a JSON object with {@code "ok"} and {@code "code"} members. The answer of the
 * single-operation endpoint is one such object (at depth 1); the batch endpoint's answer is {@code
 * {"results":[{...}, ...]}}, whose results sit at depth 3 (object, array, object). Only members
 * at the results' own depth are read, so a {@code "code"} inside a result's data cannot be
 * mistaken for the result's code, and quotes inside strings are skipped with their escapes.
 *
 * <p>{@code ok:true} is a success; {@code ok:false} with one of the front end's own codes
 * ({@link ApiErrorCode}: timed out, no quorum, overloaded, bad request...) is a failure of the
 * system; {@code ok:false} with any other code is a market's business error (a code of DOMAIN.md),
 * which is an answered operation.
 */
final class ResultScanner {
    /** The depth of the single-operation answer's one result. */
    static final int SINGLE_RESULT_DEPTH = 1;
    /** The depth of each result in the batch answer {@code {"results":[{...}]}}. */
    static final int BATCH_RESULT_DEPTH = 3;

    /** What one answer held; reused across answers so scanning allocates nothing. */
    static final class Tally implements BatchWire.AnswerReader {
        int succeeded;
        int businessErrors;
        int failed;
        /** Whether a binary answer held result bytes that do not start like a result. */
        boolean malformedResult;

        void clear() {
            succeeded = 0;
            businessErrors = 0;
            failed = 0;
            malformedResult = false;
        }

        @Override
        public void result(byte[] bytes, int offset, int length) {
            ResultCode code = ResultCodec.codeOf(bytes, offset, length);
            if (code == null) {
                malformedResult = true;
            } else if (code == ResultCode.OK) {
                succeeded++;
            } else {
                businessErrors++;
            }
        }

        @Override
        public void refusal(byte[] bytes, int codeOffset, int codeLength, int messageOffset, int messageLength) {
            failed++;
        }

        int results() {
            return succeeded + businessErrors + failed;
        }
    }

    private static final byte[] OK_KEY = "ok".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CODE_KEY = "code".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SYSTEM_CODES = systemCodes();

    private ResultScanner() {}

    /**
     * Adds the results found at {@code resultDepth} in {@code body[offset, offset + length)} to
     * {@code tally}. Malformed JSON ends the scan early; the caller sees fewer results than it
     * expected and counts the answer as failed.
     */
    static void scan(byte[] body, int offset, int length, int resultDepth, Tally tally) {
        int end = offset + length;
        int depth = 0;
        boolean inResult = false;
        boolean ok = false;
        boolean sawOk = false;
        int codeStart = -1;
        int codeEnd = -1;
        int index = offset;
        while (index < end) {
            byte value = body[index];
            if (value == '{' || value == '[') {
                depth++;
                if (value == '{' && depth == resultDepth) {
                    inResult = true;
                    sawOk = false;
                    ok = false;
                    codeStart = -1;
                }
                index++;
            } else if (value == '}' || value == ']') {
                if (value == '}' && depth == resultDepth && inResult) {
                    inResult = false;
                    classify(sawOk, ok, body, codeStart, codeEnd, tally);
                }
                depth--;
                index++;
            } else if (value == '"') {
                int stringEnd = endOfString(body, index + 1, end);
                if (stringEnd < 0) {
                    return;
                }
                int afterString = stringEnd + 1;
                if (inResult && depth == resultDepth) {
                    int colon = skipWhitespace(body, afterString, end);
                    if (colon < end && body[colon] == ':') {
                        int valueStart = skipWhitespace(body, colon + 1, end);
                        if (keyIs(body, index + 1, stringEnd, OK_KEY)) {
                            sawOk = true;
                            ok = startsWith(body, valueStart, end, TRUE);
                        } else if (keyIs(body, index + 1, stringEnd, CODE_KEY) && valueStart < end && body[valueStart] == '"') {
                            codeStart = valueStart + 1;
                            codeEnd = endOfString(body, codeStart, end);
                        }
                    }
                }
                index = afterString;
            } else {
                index++;
            }
        }
    }

    /**
     * Adds the results of a binary batch answer ({@link BatchWire}) in {@code body[offset, offset +
     * length)} to {@code tally}: a market result with code OK is a success, with any other code a
     * business error; a refusal is a failure. A malformed answer (see {@link BatchWire#readAnswer},
     * or a result that does not start like one) leaves the tally empty, which the caller counts as
     * failed, as with JSON.
     */
    static void scanBinary(byte[] body, int offset, int length, Tally tally) {
        if (!BatchWire.readAnswer(body, offset, length, tally) || tally.malformedResult) {
            tally.clear();
        }
    }

    private static void classify(boolean sawOk, boolean ok, byte[] body, int codeStart, int codeEnd, Tally tally) {
        if (!sawOk) {
            tally.failed++;
        } else if (ok) {
            tally.succeeded++;
        } else if (codeStart < 0 || codeEnd < 0 || isSystemCode(body, codeStart, codeEnd)) {
            tally.failed++;
        } else {
            tally.businessErrors++;
        }
    }

    private static boolean isSystemCode(byte[] body, int from, int to) {
        for (byte[] code : SYSTEM_CODES) {
            if (keyIs(body, from, to, code)) {
                return true;
            }
        }
        return false;
    }

    /** Index of the closing quote of a string whose content starts at {@code from}, or -1. */
    private static int endOfString(byte[] body, int from, int end) {
        int index = from;
        while (index < end) {
            byte value = body[index];
            if (value == '\\') {
                index += 2;
            } else if (value == '"') {
                return index;
            } else {
                index++;
            }
        }
        return -1;
    }

    private static int skipWhitespace(byte[] body, int from, int end) {
        int index = from;
        while (index < end && (body[index] == ' ' || body[index] == '\n' || body[index] == '\r' || body[index] == '\t')) {
            index++;
        }
        return index;
    }

    private static boolean keyIs(byte[] body, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int index = 0; index < expected.length; index++) {
            if (body[from + index] != expected[index]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] body, int from, int end, byte[] expected) {
        return end - from >= expected.length && keyIs(body, from, from + expected.length, expected);
    }

    private static byte[][] systemCodes() {
        ApiErrorCode[] codes = ApiErrorCode.values();
        byte[][] names = new byte[codes.length][];
        for (int index = 0; index < codes.length; index++) {
            names[index] = codes[index].name().getBytes(StandardCharsets.US_ASCII);
        }
        return names;
    }
}
