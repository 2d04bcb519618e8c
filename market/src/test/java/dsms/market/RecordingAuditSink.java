package dsms.market;

import dsms.core.AuditSink;
import java.util.ArrayList;
import java.util.List;

/** An audit sink that keeps every line in order, for assertions. */
final class RecordingAuditSink implements AuditSink {
    record Line(String log, String text) {}

    final List<Line> lines = new ArrayList<>();

    @Override
    public void record(String logName, String line) {
        lines.add(new Line(logName, line));
    }

    List<String> linesOf(String log) {
        return lines.stream().filter(line -> line.log().equals(log)).map(Line::text).toList();
    }

    List<String> logs() {
        return lines.stream().map(Line::log).toList();
    }
}
