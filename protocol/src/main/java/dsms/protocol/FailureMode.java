package dsms.protocol;

/** The failures a cluster tolerates, chosen when the cluster is created. */
public enum FailureMode {
    /** Replicas may stop at any time; a result that arrives is right. */
    CRASH,
    /** A replica may return wrong results; only {@code f+1} identical results are trusted. */
    BYZANTINE
}
