package io.absencegroups.cache;

/** What the store holds for one id: the live group, or the tombstone its delete left. */
public sealed interface Stored permits Stored.Live, Tombstone {

    long id();

    ChangeVersion changeVersion();

    /** Where this state stands in the store's arrival-ordered {@link ChangeLog}. */
    long position();

    /** The group as it currently is. */
    record Live(AbsenceGroup group, long position) implements Stored {
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
