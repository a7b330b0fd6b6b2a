package ai.rivano.gateway.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
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
    Path path = file.toAbsolutePath();
    return vertx.fileSystem().readFile(path.toString())
        .recover(failure -> Future.failedFuture(single("cannot read config file " + file + ": " + failure.getMessage())))
        .compose(text -> {
          List<ConfigProblem> textProblems = new ArrayList<>();
          try {
            Node root = new Yaml(new SafeConstructor(new LoaderOptions()))
                .compose(new StringReader(text.toString(StandardCharsets.UTF_8)));
            if (root == null || root instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
              return Future.failedFuture(single(
                  "the file is empty; it needs a top-level \"gateway:\" map with at least one provider"));
            }
            if (!(root instanceof MappingNode)) {
              return Future.failedFuture(single("the file must be a YAML map with a top-level \"gateway:\" key, got "
                  + (root instanceof SequenceNode ? "a list" : "a single value")));
            }
            if (expandedSize(root, new IdentityHashMap<>()) > MAX_EXPANDED_VALUES) {
              return Future.failedFuture(single("the file expands to more than " + MAX_EXPANDED_VALUES
                  + " values through YAML aliases (*name); a gateway config has a few hundred, so this file is refused"));
            }
            duplicateKeys(root, "", 0, Collections.newSetFromMap(new IdentityHashMap<>()), textProblems);
          } catch (RuntimeException e) {
            return Future.failedFuture(parseFailure(e));
          }
          // Validation may read files (a cluster configFile), so it runs on a worker thread, never an event loop.
          return retrieve(path).compose(raw -> vertx.executeBlocking(
              () -> new ConfigValidator(environment).validate(raw, fileName, warnings, textProblems)));
        });
  }

  /**
   * A few hundred bytes of aliases can stand for millions of values ("billion laughs"; SnakeYAML's limit of 50
   * aliases still allows 5^10). Everything after this point (the YAML store's copy into JSON, the schema) works
   * on the expanded tree, so such a file is refused here. Counted once per node (a DAG walk, linear in the file).
   */
  static final long MAX_EXPANDED_VALUES = 100_000;

  private static long expandedSize(Node node, Map<Node, Long> sizes) {
    Long known = sizes.get(node);
    if (known != null) {
      return known;
    }
    sizes.put(node, MAX_EXPANDED_VALUES + 1); // a node that contains itself expands forever
    long size = 1;
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        size += expandedSize(tuple.getKeyNode(), sizes) + expandedSize(tuple.getValueNode(), sizes);
        if (size > MAX_EXPANDED_VALUES) {
          break;
        }
      }
    } else if (node instanceof SequenceNode list) {
      for (Node item : list.getValue()) {
        size += expandedSize(item, sizes);
        if (size > MAX_EXPANDED_VALUES) {
          break;
        }
      }
    }
    long bounded = Math.min(size, MAX_EXPANDED_VALUES + 1);
    sizes.put(node, bounded);
    return bounded;
  }

  /**
   * SnakeYAML (and so the YAML store) silently keeps the last of two equal keys; in a strict file that is a
   * mistake worth naming (a second {@code port:} or a provider pasted twice). Each node is visited once: a map
   * reached again through an alias is the same map, with the same keys.
   */
  private static void duplicateKeys(Node node, String path, int depth, Set<Node> visited,
                                    List<ConfigProblem> problems) {
    if (depth > 64 || !visited.add(node)) {
      return;
    }
    if (node instanceof MappingNode map) {
      Map<String, Integer> seen = new HashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key) || "<<".equals(key.getValue())) {
          continue;
        }
        String keyPath = Schema.join(path, key.getValue());
        int line = key.getStartMark() == null ? 0 : key.getStartMark().getLine() + 1;
        Integer first = seen.putIfAbsent(key.getValue(), line);
        if (first != null) {
          problems.add(ConfigProblem.error(keyPath, "duplicate key on line " + line + " (first on line " + first
              + "); YAML would silently keep only the last one"));
        }
        duplicateKeys(tuple.getValueNode(), keyPath, depth + 1, visited, problems);
      }
    } else if (node instanceof SequenceNode list) {
      for (int i = 0; i < list.getValue().size(); i++) {
        duplicateKeys(list.getValue().get(i), path + "[" + i + "]", depth + 1, visited, problems);
      }
    }
  }

  private Future<JsonObject> retrieve(Path path) {
    ConfigStoreOptions store = new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setConfig(new JsonObject().put("path", path.toString()));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(-1).addStore(store));
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(failure -> Future.failedFuture(parseFailure(failure)));
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
    // not a SnakeYAML exception: its message cannot carry a snippet of the file (which might hold a key)
    return single("cannot read config: " + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
  }

  private static InvalidConfigException single(String message) {
    return new InvalidConfigException(List.of(ConfigProblem.error("", message)));
  }
}
