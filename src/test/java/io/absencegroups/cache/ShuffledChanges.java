package io.absencegroups.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded stream of changes as myProtime delivers them: {@code rounds} changes per id (about a fifth
 * deletes) with growing versions, plus half as many again re-sent at random, all shuffled, so
 * duplicates, stale re-sends and late lower versions arrive in any order.
 *
 * @param stream   the changes in arrival order
 * @param greatest the last real change of each id: what the store must end with
 * @param last     the greatest version used
 */
public record ShuffledChanges(List<Change> stream, Map<Long, Change> greatest, long last) {

    public static ShuffledChanges of(Random random, int ids, int rounds) {
        List<Change> stream = new ArrayList<>();
        Map<Long, Change> greatest = new HashMap<>();
        long nextVersion = 1;
        for (int round = 0; round < rounds; round++) {
            for (long id = 1; id <= ids; id++) {
                Change change = random.nextInt(5) == 0
                        ? new Change.Delete(id, Groups.version(nextVersion++))
                        : new Change.InsertOrUpdate(Groups.group(id, nextVersion++));
                stream.add(change);
                greatest.put(id, change);
            }
        }
        int originals = stream.size();
        for (int i = 0; i < originals / 2; i++) {
            stream.add(stream.get(random.nextInt(originals)));
        }
        Collections.shuffle(stream, random);
        return new ShuffledChanges(stream, greatest, nextVersion - 1);
    }
}
