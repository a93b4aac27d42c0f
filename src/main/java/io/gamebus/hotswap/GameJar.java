package io.gamebus.hotswap;

import static io.gamebus.hotswap.InvalidGameJarException.Reason.CLASS_NOT_FOUND;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.CLASS_NOT_LOADABLE;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.CONSTRUCTOR_FAILED;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NOT_A_GAME;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NOT_INSTANTIABLE;

import io.gamebus.api.Game;
import io.gamebus.game.GameDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one game version from a jar into its own {@link GameClassLoader}.
 *
 * <p>Everything is checked before a definition is returned: the jar, its manifest
 * ({@code Gamebus-Game}, {@code Gamebus-Version}, {@code Gamebus-Class}), and the class, which is
 * constructed once (and discarded) to prove its constructor works; {@code start} is not called.
 * A failed check throws {@link InvalidGameJarException} and leaves nothing behind: the loader
 * is closed and an uploaded file deleted.
 *
 * <p>The definition's {@link GameDefinition#unloader() unloader} closes the loader and deletes
 * an uploaded jar (a configured jar is the operator's file and stays); it may run any number of
 * times. Run it only once no instance of the version is left: the class loader can be collected
 * once nothing holds the definition, its games or their classes.
 */
public final class GameJar {

  private static final Logger log = LoggerFactory.getLogger(GameJar.class);

  private GameJar() {}

  /**
   * Loads a game jar named in the node configuration ({@code games[].jar}). The file is only
   * read, never deleted.
   *
   * @throws InvalidGameJarException if the jar is not a valid game; the message says what to fix
   */
  public static GameDefinition load(Path jar) {
    Objects.requireNonNull(jar, "jar");
    String source = jar.toString();
    return define(jar, GameManifest.read(jar, source), source, false, true);
  }

  /**
   * Makes every check {@link #load(Path)} makes, then unloads the game again, quietly: a check is
   * not a deploy.
   *
   * @throws InvalidGameJarException if the jar is not a valid game; the message says what to fix
   */
  public static Checked check(Path jar) {
    Objects.requireNonNull(jar, "jar");
    String source = jar.toString();
    return Checked.of(define(jar, GameManifest.read(jar, source), source, false, false));
  }

  /**
   * Makes every check {@link #load(byte[], Path)} makes on an uploaded jar, in a scratch file of
   * {@code scratchDir} that is deleted again, then unloads the game, quietly.
   */
  public static Checked check(byte[] jarBytes, Path scratchDir) {
    return Checked.of(store(jarBytes, scratchDir, false));
  }

  /** The game and version of a jar that passed every check. */
  public record Checked(String game, String version) {
    private static Checked of(GameDefinition definition) {
      definition.unloader().run();
      return new Checked(definition.name(), definition.version());
    }
  }

  /**
   * Loads an uploaded game jar. The bytes are written first to
   * {@code <storageDir>/<game>-<version>-<random>.jar} (a class loader needs a file), which the
   * definition's unloader deletes; a jar that fails a check is deleted at once.
   *
   * @param storageDir where uploaded jars are kept; created if missing
   * @throws InvalidGameJarException if the jar is not a valid game; the message says what to fix
   * @throws UncheckedIOException    if the file cannot be written to storageDir
   */
  public static GameDefinition load(byte[] jarBytes, Path storageDir) {
    return store(jarBytes, storageDir, true);
  }

  private static GameDefinition store(byte[] jarBytes, Path storageDir, boolean announce) {
    Objects.requireNonNull(jarBytes, "jarBytes");
    Objects.requireNonNull(storageDir, "storageDir");
    String source = "uploaded jar (" + jarBytes.length + " bytes)";
    Path file = null;
    try {
      Files.createDirectories(storageDir);
      file = Files.createTempFile(storageDir, "upload-", ".jar.part");
      Files.write(file, jarBytes);
      GameManifest manifest = GameManifest.read(file, source);
      String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      file = Files.move(file, storageDir.resolve(manifest.game() + "-" + manifest.version() + "-" + random + ".jar"));
      return define(file, manifest, source, true, announce);
    } catch (IOException e) {
      deleteQuietly(file);
      throw new UncheckedIOException("cannot store an uploaded game jar in " + storageDir, e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(file);
      throw e;
    }
  }

  /** {@code announce}: log the load and the unload (a deploy does; a check does not). */
  private static GameDefinition define(Path jar, GameManifest manifest, String source, boolean uploaded,
                                       boolean announce) {
    GameClassLoader loader = new GameClassLoader(manifest.game(), manifest.version(), jar, GameJar.class.getClassLoader());
    try {
      Constructor<? extends Game> constructor = gameConstructor(loader, manifest, jar, source);
      checkConstruction(constructor, loader, source);
      Unloader unloader = new Unloader(manifest, loader, uploaded ? jar : null, announce);
      Supplier<Game> factory = () -> {
        if (unloader.done()) {
          throw new IllegalStateException("game " + manifest.game() + " " + manifest.version()
              + " is unloaded; it can make no new instances");
        }
        try {
          return construct(constructor, loader);
        } catch (InvocationTargetException e) {
          throw new IllegalStateException("new " + manifest.className() + "() of game " + manifest.game()
              + " " + manifest.version() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
          throw new IllegalStateException("new " + manifest.className() + "() of game " + manifest.game()
              + " " + manifest.version() + " failed: " + e, e);
        }
      };
      if (announce) {
        log.info("loaded game {} {} from {}", manifest.game(), manifest.version(), jar);
      }
      return new GameDefinition(manifest.game(), manifest.version(), factory, loader, unloader);
    } catch (RuntimeException | Error e) {
      closeQuietly(loader);
      throw e;
    }
  }

  private static Constructor<? extends Game> gameConstructor(GameClassLoader loader, GameManifest manifest,
                                                             Path jar, String source) {
    String name = manifest.className();
    String what = source + ": " + GameManifest.CLASS + " " + name;
    if (GameClassLoader.isServerClass(name)) {
      throw new InvalidGameJarException(CLASS_NOT_FOUND, what + " is in a package that always comes from"
          + " the server (" + String.join(", ", GameClassLoader.SERVER_PACKAGES) + "); move it to a package of your own");
    }
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new InvalidGameJarException(CLASS_NOT_FOUND, what + " is not in the jar (no " + manifest.classEntry()
          + ")" + manifest.lookalike(jar).map(found -> "; did you mean " + found + "?")
          .orElse("; check its package and spelling"));
    } catch (UnsupportedClassVersionError e) {
      throw new InvalidGameJarException(CLASS_NOT_LOADABLE, what + " was compiled for a newer Java than this"
          + " server's Java " + Runtime.version().feature() + "; build it with <maven.compiler.release>"
          + Runtime.version().feature() + "</maven.compiler.release>", e);
    } catch (LinkageError e) {
      throw new InvalidGameJarException(CLASS_NOT_LOADABLE, what + " cannot be loaded (" + e + "); bundle the"
          + " libraries it needs in the jar: the server provides only the JDK, io.gamebus.api, Vert.x core,"
          + " Netty, Jackson core and SLF4J", e);
    }
    if (type.getClassLoader() != loader) {
      throw new InvalidGameJarException(CLASS_NOT_FOUND, what + " is not in the jar: it was found on the"
          + " server's class path; name a class of the jar");
    }
    if (!Game.class.isAssignableFrom(type)) {
      throw new InvalidGameJarException(NOT_A_GAME, what + " does not implement io.gamebus.api.Game;"
          + " declare it as 'public class " + type.getSimpleName() + " implements Game'");
    }
    int modifiers = type.getModifiers();
    if (type.isInterface() || Modifier.isAbstract(modifiers)) {
      throw new InvalidGameJarException(NOT_INSTANTIABLE, what + " is abstract; name a concrete class");
    }
    if (!Modifier.isPublic(modifiers)) {
      throw new InvalidGameJarException(NOT_INSTANTIABLE, what + " is not public; declare it 'public class'");
    }
    if (type.getEnclosingClass() != null && !Modifier.isStatic(modifiers)) {
      throw new InvalidGameJarException(NOT_INSTANTIABLE, what + " is an inner class; make it static or top-level");
    }
    try {
      return type.asSubclass(Game.class).getConstructor();
    } catch (NoSuchMethodException e) {
      throw new InvalidGameJarException(NOT_INSTANTIABLE, what + " has no public no-argument constructor;"
          + " add 'public " + type.getSimpleName() + "() {}' (gamebus makes one object per instance with it)");
    }
  }

  private static void checkConstruction(Constructor<? extends Game> constructor, ClassLoader loader, String source) {
    String what = source + ": new " + constructor.getDeclaringClass().getName() + "()";
    try {
      construct(constructor, loader);
    } catch (InvocationTargetException e) {
      throw new InvalidGameJarException(CONSTRUCTOR_FAILED, what + " threw " + e.getCause()
          + "; a game's constructor must not fail (set up in start())", e.getCause());
    } catch (ExceptionInInitializerError e) {
      throw new InvalidGameJarException(CONSTRUCTOR_FAILED, what + " failed: its static initializer threw "
          + e.getCause() + "; fix the static fields' initialization", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new InvalidGameJarException(NOT_INSTANTIABLE, what + " is not allowed (" + e + ")", e);
    } catch (LinkageError e) {
      throw new InvalidGameJarException(CLASS_NOT_LOADABLE, what + " failed (" + e + "); bundle the"
          + " libraries it needs in the jar", e);
    }
  }

  private static Game construct(Constructor<? extends Game> constructor, ClassLoader loader)
      throws ReflectiveOperationException {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return constructor.newInstance();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void closeQuietly(GameClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      log.warn("closing {} failed", loader, e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete game jar {}", file, e);
    }
  }

  /** Closes a version's loader and deletes its uploaded jar, once. */
  private static final class Unloader implements Runnable {
    private final GameManifest manifest;
    private final GameClassLoader loader;
    private final Path ownedJar;
    private final boolean announce;
    private final AtomicBoolean done = new AtomicBoolean();

    Unloader(GameManifest manifest, GameClassLoader loader, Path ownedJar, boolean announce) {
      this.manifest = manifest;
      this.loader = loader;
      this.ownedJar = ownedJar;
      this.announce = announce;
    }

    boolean done() {
      return done.get();
    }

    @Override
    public void run() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      ResourceBundle.clearCache(loader);
      closeQuietly(loader);
      deleteQuietly(ownedJar);
      if (announce) {
        log.info("unloaded game {} {} (its class loader is closed)", manifest.game(), manifest.version());
      }
    }
  }
}
