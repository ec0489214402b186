package io.absencegroups.cache;

/** What the store holds for one id: the live group, or the tombstone its delete left. */
public sealed interface Stored permits Stored.Live, Tombstone {

    long id();

    ChangeVersion changeVersion();

    /** The store's own counter at the moment this state was applied; orders local history. */
    long revision();

    /** The group as it currently is. */
    record Live(AbsenceGroup group, long revision) implements Stored {
        @Override
        public long id() {
            return group.id();
        }

        @Override
        public ChangeVersion changeVersion() {
            return group.changeVersion();
        }
    }
}
