package ai.rivano.gateway.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code rivano.yaml} through Vert.x Config (the YAML file store, with the default stores switched off so
 * that environment variables and system properties are not merged into the tree) and hands the result to
 * {@link ConfigValidator}. {@code start} and {@code validate} both come through here, so they agree on every
 * message.
 */
public final class ConfigLoader {

  private final Vertx vertx;
  private final Map<String, String> environment;
  private final List<ConfigProblem> warnings;

  /** @param warnings receives problems that do not make the file invalid (e.g. two primaries) */
  public ConfigLoader(Vertx vertx, Map<String, String> environment, List<ConfigProblem> warnings) {
    this.vertx = vertx;
    this.environment = environment;
    this.warnings = warnings;
  }

  /**
   * Loads and validates. Fails with {@link InvalidConfigException} (every problem, each with its key path) for a
   * missing or unreadable file, a YAML syntax error (with line and column) or invalid content.
   */
  public Future<GatewayConfig> load(Path file) {
    String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    if (!Files.isRegularFile(file)) {
      return Future.failedFuture(single("config file not found: " + file));
    }
    if (!Files.isReadable(file)) {
      return Future.failedFuture(single("config file is not readable: " + file));
    }
    ConfigStoreOptions store = new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString()));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(-1).addStore(store));
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(failure -> Future.failedFuture(parseFailure(failure)))
        .map(raw -> new ConfigValidator(environment).validate(raw, fileName, warnings));
  }

  private static InvalidConfigException parseFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yaml) {
        Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
        String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
        String problem = yaml.getProblem() != null ? yaml.getProblem() : yaml.getContext();
        return single("YAML syntax error at " + where + problem);
      }
      if (t instanceof ClassCastException || t instanceof io.vertx.core.json.DecodeException) {
        return single("the file must be a YAML map with a top-level \"gateway:\" key");
      }
    }
    return single("cannot read config: " + failure.getMessage());
  }

  private static InvalidConfigException single(String message) {
    return new InvalidConfigException(List.of(ConfigProblem.error("", message)));
  }
}
