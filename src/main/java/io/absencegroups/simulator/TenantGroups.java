package io.absencegroups.simulator;

import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The simulated tenant's absence groups (the truth) and the changes a user of myProtime makes to them,
 * each with a new changeVersion (20 hex digits that grow). Not thread-safe: {@link SimulatedTenant}
 * guards it.
 */
final class TenantGroups {

    private final Random random;
    private final TreeMap<Long, AbsenceGroup> groups = new TreeMap<>();
    private long version = 0x0000090200004BD00000L;
    private long nextId = 100;

    TenantGroups(Random random) {
        this.random = random;
        for (SeedGroups.Seed seed : SeedGroups.ALL) {
            groups.put(seed.id(), new AbsenceGroup(seed.id(), nextVersion(),
                    new AbsenceGroup.Name(seed.name(), new LinkedHashMap<>(seed.translations())), seed.type()));
        }
    }

    private ChangeVersion nextVersion() {
        version += 1 + random.nextInt(3);
        return ChangeVersion.parse(String.format("%020X", version));
    }

    /** Groups with an id greater than {@code afterId}, at most {@code size}: a stable continuation. */
    List<AbsenceGroup> page(long afterId, int size) {
        return groups.tailMap(afterId, false).values().stream().limit(size).toList();
    }

    Optional<AbsenceGroup> group(long id) {
        return Optional.ofNullable(groups.get(id));
    }

    /** Every group, by id (a copy). */
    Map<Long, AbsenceGroup> truth() {
        return new TreeMap<>(groups);
    }

    int size() {
        return groups.size();
    }

    /** The latest changeVersion given out. */
    String changeVersion() {
        return String.format("%020X", version);
    }

    long randomId() {
        List<Long> ids = new ArrayList<>(groups.keySet());
        return ids.get(random.nextInt(ids.size()));
    }

    /** "Saving one absence group re-saves all of them": every group gets a new version, same data. */
    List<Change> saveAll() {
        List<Change> changes = new ArrayList<>(groups.size());
        for (AbsenceGroup g : List.copyOf(groups.values())) {
            AbsenceGroup resaved = new AbsenceGroup(g.id(), nextVersion(), g.name(), g.type(), g.otherFields());
            groups.put(g.id(), resaved);
            changes.add(new Change.InsertOrUpdate(resaved));
        }
        return changes;
    }

    Change edit(long id) {
        AbsenceGroup g = groups.get(id);
        String base = g.name().defaultName().replaceAll(" \\(rev \\d+\\)$", "");
        String name = base + " (rev " + (1 + random.nextInt(999)) + ")";
        Map<String, String> translations = new LinkedHashMap<>(g.name().translations());
        translations.put("nl", translations.getOrDefault("nl", base).replaceAll(" \\(rev \\d+\\)$", "")
                + name.substring(base.length()));
        AbsenceGroup edited = new AbsenceGroup(id, nextVersion(), new AbsenceGroup.Name(name, translations), g.type());
        groups.put(id, edited);
        return new Change.InsertOrUpdate(edited);
    }

    Change create() {
        long id = nextId++;
        SeedGroups.Seed like = SeedGroups.ALL.get(random.nextInt(SeedGroups.ALL.size()));
        AbsenceGroup created = new AbsenceGroup(id, nextVersion(),
                new AbsenceGroup.Name(like.name() + " " + id, new LinkedHashMap<>(like.translations())), like.type());
        groups.put(id, created);
        return new Change.InsertOrUpdate(created);
    }

    Change delete(long id) {
        groups.remove(id);
        return new Change.Delete(id, nextVersion());
    }
}
