package dsms.node.http;

import io.javalin.config.RoutesConfig;

/** One part of the front end's HTTP surface (API, event stream, metrics, dashboard). */
@FunctionalInterface
public interface Routes {
    void register(RoutesConfig routes);
}
