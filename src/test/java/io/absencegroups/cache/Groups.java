package io.absencegroups.cache;

import java.util.Map;

/** Builds test groups and changes with short versions (hex, left-padded by the store's rule). */
public final class Groups {

    private Groups() {
    }

    public static ChangeVersion version(long n) {
        return ChangeVersion.parse(String.format("%020X", n));
    }

    public static AbsenceGroup group(long id, long version) {
        return group(id, version, "Group " + id + " v" + version, "Absence");
    }

    public static AbsenceGroup group(long id, long version, String name, String type) {
        return new AbsenceGroup(id, version(version),
                new AbsenceGroup.Name(name, Map.of("nl", name + " (nl)")), type);
    }

    public static Change upsert(long id, long version) {
        return new Change.InsertOrUpdate(group(id, version));
    }

    public static Change delete(long id, long version) {
        return new Change.Delete(id, version(version));
    }
}
