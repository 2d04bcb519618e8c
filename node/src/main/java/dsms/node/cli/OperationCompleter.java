package dsms.node.cli;

import dsms.node.http.Operations;
import dsms.node.http.Operations.Field;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the client prompt: the first word completes to an operation or a shell
 * command; a word in a share type's position completes to the share types.
 */
final class OperationCompleter implements Completer {
    static final List<String> SHELL_COMMANDS = List.of("help", "quit", "exit");
    static final List<String> SHARE_TYPES = List.of("EQUITY", "BONUS", "DIVIDEND");

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidateWords(line.words(), line.wordIndex()).forEach(word -> candidates.add(new Candidate(word)));
    }

    /** The words that may stand at {@code wordIndex} after {@code words}. */
    static List<String> candidateWords(List<String> words, int wordIndex) {
        if (wordIndex == 0) {
            return java.util.stream.Stream.concat(Operations.ALL.keySet().stream(), SHELL_COMMANDS.stream()).toList();
        }
        Operations.Operation operation = Operations.ALL.get(words.get(0));
        if (operation == null || wordIndex > operation.fields().size()) {
            return List.of();
        }
        Field field = operation.fields().get(wordIndex - 1);
        return field.name().endsWith("Type") ? SHARE_TYPES : List.of();
    }
}
