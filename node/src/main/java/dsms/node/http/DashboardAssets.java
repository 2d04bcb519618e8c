package dsms.node.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's page, script and style, read once from the jar ({@code dsms/web/}) and served
 * from memory: three small files, so no static-file handler and no file system access.
 */
public final class DashboardAssets implements Routes {
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("index.html", "text/html; charset=utf-8"),
            "/dashboard.js", new Asset("dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard.css", new Asset("dashboard.css", "text/css; charset=utf-8"));

    private record Asset(String file, String contentType) {}

    @Override
    public void register(RoutesConfig routes) {
        ASSETS.forEach((path, asset) -> {
            byte[] content = load(asset.file());
            routes.get(path, context -> context.contentType(asset.contentType()).result(content));
        });
    }

    private static byte[] load(String file) {
        try (InputStream input = DashboardAssets.class.getResourceAsStream("/dsms/web/" + file)) {
            if (input == null) {
                throw new IllegalStateException("the dashboard file " + file + " is missing from the jar");
            }
            return input.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dashboard file " + file, e);
        }
    }
}
