package dev.swarmgate.routing.rules;

/**
 * A text that allows a bounded number of character reads, then throws {@link Exhausted}: Java's regex engine
 * backtracks without limit, and a crafted input must not keep an event loop busy for seconds (PCRE's match limit
 * plays this part in HAProxy).
 */
final class ReadBudget implements CharSequence {

    /** Thrown when the budget is spent; shared and without a stack trace, as it is expected, not a bug. */
    static final class Exhausted extends RuntimeException {
        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("read budget exhausted", null, false, false);
        }
    }

    private final String text;
    private int left;

    ReadBudget(String text, int reads) {
        this.text = text;
        this.left = reads;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw Exhausted.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
