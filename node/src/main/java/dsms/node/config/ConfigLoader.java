package dsms.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and validates a cluster config file, turning every problem into a message an operator can
 * act on (the file, the key and what was expected), never a stack trace.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {}

    /** Loads and validates {@code file}. */
    public static ClusterConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses and validates config text; {@code source} names it in messages. */
    public static ClusterConfig parse(String source, String text) throws ConfigException {
        ClusterConfig config;
        try {
            config = YAML.readValue(text, ClusterConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(
                    source + ": unknown key '" + e.getPropertyName() + "'" + where(e) + lineOf(e));
        } catch (InvalidFormatException e) {
            throw new ConfigException(source + ": bad value '" + e.getValue() + "'" + where(e) + lineOf(e)
                    + expected(e));
        } catch (JsonMappingException e) {
            throw new ConfigException(source + ": " + e.getOriginalMessage() + where(e) + lineOf(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage() + lineOf(e));
        }
        if (config == null) {
            throw new ConfigException(source + ": the file is empty");
        }
        List<String> problems = ConfigValidator.problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(source + ": " + String.join("; ", problems));
        }
        return config;
    }

    private static String where(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "" : " at " + path;
    }

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static String expected(InvalidFormatException e) {
        Class<?> type = e.getTargetType();
        if (type != null && type.isEnum()) {
            String names = java.util.Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.toString().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
            return ": expected one of " + names;
        }
        return type == null ? "" : ": expected " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
