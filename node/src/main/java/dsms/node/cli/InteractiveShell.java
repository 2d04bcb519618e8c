package dsms.node.cli;

import dsms.market.command.Commands;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * {@code dsms client} without an operation: a prompt where each line {@code OP ARGS...} runs as
 * the one-shot form would, with tab completion of operation names and share types, and line
 * editing and history (kept in a file between sessions, bounded) from JLine. {@code quit},
 * {@code exit} or end of input leave; Ctrl-C clears the line.
 */
final class InteractiveShell {
    static final int HISTORY_LINES_MAX = 1_000;

    private final Terminal terminal;
    private final Path historyFile;
    private final OperationClient client;
    private final boolean jsonOutput;

    /** @param historyFile where history persists, or null to keep it for this session only */
    InteractiveShell(Terminal terminal, Path historyFile, OperationClient client, boolean jsonOutput) {
        this.terminal = terminal;
        this.historyFile = historyFile;
        this.client = client;
        this.jsonOutput = jsonOutput;
    }

    /** Runs until quit or end of input; returns the exit status of the last operation (0 if none). */
    int run(String userId) {
        LineReader reader = newReader();
        PrintWriter out = terminal.writer();
        OutcomePrinter printer = new OutcomePrinter(out, out, jsonOutput);
        out.println("dsms client as " + userId + ": type an operation, 'help' for the list, 'quit' to leave.");
        int lastStatus = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine(userId + "> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words = reader.getParser().parse(line, line.length()).words().stream()
                    .filter(word -> !word.isBlank()).toList();
            if (words.isEmpty()) {
                continue;
            }
            String command = words.get(0);
            if (command.equals("quit") || command.equals("exit")) {
                break;
            }
            if (command.equals("help")) {
                printHelp(out);
                continue;
            }
            lastStatus = printer.print(client.run(command, words.subList(1, words.size())));
        }
        saveHistory(reader);
        return lastStatus;
    }

    private LineReader newReader() {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("dsms")
                .completer(new OperationCompleter())
                .variable(LineReader.HISTORY_SIZE, HISTORY_LINES_MAX)
                .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES_MAX);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        return builder.build();
    }

    private static void printHelp(PrintWriter out) {
        out.println("Operations (TYPE is EQUITY, BONUS or DIVIDEND; Tab completes):");
        Commands.USAGES.forEach(usage -> out.println("  " + usage));
        out.println("Also: help, quit (or exit, or Ctrl-D).");
        out.flush();
    }

    private static void saveHistory(LineReader reader) {
        try {
            reader.getHistory().save();
        } catch (java.io.IOException e) {
            reader.getTerminal().writer().println("dsms: could not save the history: " + e.getMessage());
        }
    }
}
