package io.absencegroups.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the execution samples of a JFR recording of an ingest run and says where the time went:
 * <ul>
 *     <li>the top frames (self time), by method and by package;</li>
 *     <li>the ingest path: of the samples inside {@code DeliveryReceiver.process}, which of its
 *     direct callees they were in (inclusive), so the biggest cost of a delivery has a name;</li>
 *     <li>inclusive shares of a few named steps anywhere on the stack.</li>
 * </ul>
 * Prints markdown. Usage: {@code JfrTopFrames <recording.jfr> [top [from [to]]]}, where {@code from} and
 * {@code to} (epoch milliseconds) keep only the samples of the measured part (no startup, no warm-up).
 */
public final class JfrTopFrames {

    private static final String PROCESS = "io.absencegroups.receiver.DeliveryReceiver.process";
    /** Steps whose inclusive share is worth a line of its own. */
    private static final List<String> STEPS = List.of(
            "io.absencegroups.receiver.DeliveryReceiver.handle",
            "io.absencegroups.receiver.DeliveryReceiver.process",
            "io.absencegroups.receiver.SignatureVerifier.verify",
            "io.absencegroups.receiver.DeliveryParser.parse",
            "io.absencegroups.cache.AbsenceGroupStore.apply",
            "io.absencegroups.receiver.DeliveryMetrics.item",
            "io.vertx.ext.web.impl.RouterImpl.handle",
            "io.netty.channel.nio.NioEventLoop.processSelectedKeys",
            "io.netty.channel.nio.NioEventLoop.select");

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrTopFrames <recording.jfr> [top [from-epoch-ms [to-epoch-ms]]]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Instant from = args.length > 2 ? Instant.ofEpochMilli(Long.parseLong(args[2])) : Instant.MIN;
        Instant to = args.length > 3 ? Instant.ofEpochMilli(Long.parseLong(args[3])) : Instant.MAX;
        Map<String, Integer> selfByMethod = new HashMap<>();
        Map<String, Integer> selfByPackage = new HashMap<>();
        Map<String, Integer> processCallees = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> inclusiveAll = new HashMap<>();
        int samples = 0;
        int inProcess = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            String self = name(frames.get(0));
            selfByMethod.merge(self, 1, Integer::sum);
            selfByPackage.merge(packageOf(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            int processAt = -1;
            for (int i = 0; i < frames.size(); i++) {
                String method = name(frames.get(i));
                if (seen.add(method)) {
                    inclusiveAll.merge(method, 1, Integer::sum);
                    if (STEPS.contains(method)) {
                        inclusive.merge(method, 1, Integer::sum);
                    }
                }
                if (method.equals(PROCESS)) {
                    processAt = i; // the outermost call wins: the loop runs to the bottom
                }
            }
            if (processAt >= 0) {
                inProcess++;
                String callee = processAt == 0 ? PROCESS + " (self)" : name(frames.get(processAt - 1));
                processCallees.merge(callee, 1, Integer::sum);
            }
        }
        System.out.println("Execution samples: " + samples + "; inside `DeliveryReceiver.process`: " + inProcess
                + " (" + percent(inProcess, samples) + ")");
        System.out.println();
        print("Ingest path: direct callees of `DeliveryReceiver.process` (inclusive, share of all samples)",
                processCallees, samples, top);
        print("Named steps anywhere on the stack (inclusive)", inclusive, samples, top);
        print("Top frames (self), by method", selfByMethod, samples, top);
        if (Boolean.getBoolean("jfr.inclusive")) {
            print("Every method (inclusive)", inclusiveAll, samples, 4 * top);
        }
        print("Top frames (self), by package", selfByPackage, samples, top);
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("| " + title + " | samples | share |");
        System.out.println("|---|---:|---:|");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.println("| `" + e.getKey() + "` | " + e.getValue() + " | "
                        + percent(e.getValue(), total) + " |"));
        System.out.println();
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method.getType().getName() + "." + method.getName();
    }

    private static String packageOf(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "(default)" : type.substring(0, dot);
    }

    private static String percent(int part, int total) {
        return total == 0 ? "0%" : String.format("%.1f%%", 100.0 * part / total);
    }
}
