package io.absencegroups.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Writes the pre-signed deliveries that {@code bench/run.sh} sends with wrk: one delivery a line,
 * {@code <hex HMAC-SHA256>TAB<body>}, signed with the bench profile's key, so the load generator
 * only cycles over strings and spends nothing on signing.
 * <p>
 * Every changeVersion is 20 upper-case hex digits, as myProtime sends them, drawn from one
 * increasing counter, so the files of one plan never contradict each other:
 * <ul>
 *     <li>{@code seed.txt}: one delivery, a JSON array of upserts of ids {@code 1..groups};</li>
 *     <li>{@code duplicates.txt}: the same upserts again, one a delivery: every one a duplicate
 *     once the seed is applied;</li>
 *     <li>{@code applied-<r>.txt}: upserts of ids {@value #APPLIED_FIRST_ID}.. (a range of
 *     {@code groups} ids, so the seeded list is left alone), each with a new, greater version;
 *     round {@code r + 1} continues after round {@code r};</li>
 *     <li>{@code churn.txt}: a sliding window of {@code groups} live ids with deletes, for the
 *     memory run: every step creates id {@code n}, updates id {@code n - groups/2} and deletes id
 *     {@code n - groups}, so a third of the deliveries are deletes and tombstones reach their bound.</li>
 * </ul>
 * Usage: {@code SignedDeliveries <dir> <key> <groups> <rounds> <perRound> <churnCount>}.
 */
public final class SignedDeliveries {

    static final long APPLIED_FIRST_ID = 100_001;
    static final long CHURN_FIRST_ID = 10_000_001;

    private final Mac mac;
    private final HexFormat hex = HexFormat.of();
    private long version;

    private SignedDeliveries(byte[] key) throws GeneralSecurityException {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: SignedDeliveries <dir> <key> <groups> <rounds> <perRound> <churnCount>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int groups = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int perRound = Integer.parseInt(args[4]);
        long churn = Long.parseLong(args[5]);
        Files.createDirectories(dir);
        SignedDeliveries plan = new SignedDeliveries(args[1].getBytes(StandardCharsets.UTF_8));
        plan.seed(dir, groups);
        for (int round = 1; round <= rounds; round++) {
            plan.applied(dir.resolve("applied-" + round + ".txt"), groups, perRound);
        }
        plan.churn(dir.resolve("churn.txt"), groups, churn);
    }

    private void seed(Path dir, int groups) throws IOException {
        StringBuilder all = new StringBuilder("[");
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("duplicates.txt"))) {
            for (long id = 1; id <= groups; id++) {
                String item = upsert(id, ++version);
                write(out, item);
                all.append(id == 1 ? "" : ",").append(item);
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("seed.txt"))) {
            write(out, all.append(']').toString());
        }
    }

    private void applied(Path file, int groups, int count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int k = 0; k < count; k++) {
                write(out, upsert(APPLIED_FIRST_ID + k % groups, ++version));
            }
        }
    }

    private void churn(Path file, int window, long count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            long written = 0;
            for (long n = CHURN_FIRST_ID; written < count; n++) {
                write(out, upsert(n, ++version));
                written++;
                long updated = n - window / 2;
                if (written < count && updated >= CHURN_FIRST_ID) {
                    write(out, upsert(updated, ++version));
                    written++;
                }
                long deleted = n - window;
                if (written < count && deleted >= CHURN_FIRST_ID) {
                    write(out, delete(deleted, ++version));
                    written++;
                }
            }
        }
    }

    private static String upsert(long id, long version) {
        return "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + text(version)
                + "\",\"name\":{\"default\":\"Group " + id + "\",\"translations\":{\"nl\":\"Groep " + id
                + "\",\"fr\":\"Groupe " + id + "\"}},\"type\":\"Absence\"}}";
    }

    private static String delete(long id, long version) {
        return "{\"changeType\":\"Delete\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + text(version) + "\"}}";
    }

    private static String text(long version) {
        return String.format("%020X", version);
    }

    private void write(BufferedWriter out, String body) throws IOException {
        out.write(hex.formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
        out.write('\t');
        out.write(body);
        out.write('\n');
    }
}
