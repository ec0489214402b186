package io.absencegroups.cache;

/** What the store holds for one id: the live group, or the tombstone its delete left. */
public sealed interface Stored permits Stored.Live, Tombstone {

    long id();

    ChangeVersion changeVersion();

    /** Where this state stands in the store's arrival-ordered {@link ChangeLog}. */
    long position();

    /**
     * The group as it currently is.
     *
     * @param json the read API's bytes of this state, made once (see {@link RenderedJson}); not part of equality
     */
    record Live(AbsenceGroup group, long position, RenderedJson json) implements Stored {

        public Live(AbsenceGroup group, long position) {
            this(group, position, new RenderedJson());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Live live && live.position == position && live.group.equals(group);
        }

        @Override
        public int hashCode() {
            return group.hashCode() * 31 + Long.hashCode(position);
        }

        @Override
        public String toString() {
            return "Live[group=" + group + ", position=" + position + "]";
        }

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
