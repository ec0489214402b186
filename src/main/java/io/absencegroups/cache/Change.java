package io.absencegroups.cache;

/** One change of one absence group, as myProtime describes it (a delta item or a webhook delivery). */
public sealed interface Change permits Change.InsertOrUpdate, Change.Delete {

    long id();

    ChangeVersion changeVersion();

    /** The group now looks like this. */
    record InsertOrUpdate(AbsenceGroup group) implements Change {
        @Override
        public long id() {
            return group.id();
        }

        @Override
        public ChangeVersion changeVersion() {
            return group.changeVersion();
        }
    }

    /** The group is gone as of this version. */
    record Delete(long id, ChangeVersion changeVersion) implements Change {
        public Delete {
            java.util.Objects.requireNonNull(changeVersion, "changeVersion");
        }
    }
}
