package dev.tributary.reference.streams.topologies;

/** The joiners every join topology uses; a missing side prints as "null" (String.valueOf). */
final class Joiners {
    private Joiners() {}

    static String plus(String left, String right) {
        return left + "+" + right;
    }

    static String pair(String left, String right) {
        return "(" + left + "," + right + ")";
    }
}
