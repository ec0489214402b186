package io.absencegroups.json;

import io.absencegroups.cache.AbsenceGroup;

/** A group as a reader of one language sees it: myProtime's fields plus {@code displayName}. */
public record LocalizedGroup(AbsenceGroup group, String language) {

    public String displayName() {
        return group.displayName(language);
    }
}
