package dsms.node.config;

/** A config file that cannot be used; the message says what is wrong and where, for an operator. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
