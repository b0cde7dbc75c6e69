package io.drift.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads of the server processes it started: their CPU time, their logs. */
final class Processes {

    /** Linux's clock ticks per second for /proc/PID/stat (USER_HZ, 100 on every common kernel). */
    private static final double TICKS_PER_SECOND = 100;
    private static final Pattern MOVED = Pattern.compile(
            "moved shard (\\S+) from (\\S+) to (\\S+): (\\d+) files, ([\\d,]+) bytes in (\\d+) ms \\(writes held (\\d+) ms\\)");

    private Processes() {
    }

    /** User plus system CPU time of the processes, in nanoseconds (0 for one that is gone). */
    static long cpuNanos(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                continue;
            }
            String s = Files.readString(stat);
            // fields after the command name in parentheses (which may hold spaces): state is field 3
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
        }
        return (long) (ticks / TICKS_PER_SECOND * 1e9);
    }

    /** The shard moves the nodes' logs report, oldest first. */
    static List<Map<String, Object>> moves(List<Path> logs) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = MOVED.matcher(line);
                if (m.find()) {
                    Map<String, Object> move = new LinkedHashMap<>();
                    move.put("shard", m.group(1));
                    move.put("from", m.group(2));
                    move.put("to", m.group(3));
                    move.put("files", Integer.parseInt(m.group(4)));
                    move.put("bytes", Long.parseLong(m.group(5).replace(",", "")));
                    move.put("ms", Long.parseLong(m.group(6)));
                    move.put("writes_held_ms", Long.parseLong(m.group(7)));
                    out.add(move);
                }
            }
        }
        return out;
    }
}
