package io.gamebus.hotswap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one game version: child-first for the game's own classes and resources,
 * so a game may bundle the libraries it likes, but parent-first (the server's) for the platform
 * and the packages a game shares with the server ({@link #SERVER_PACKAGES}). A jar that bundles
 * its own copy of {@code io.gamebus.api} or Vert.x therefore still talks to the server's
 * classes. A class of those packages that the server lacks is read from the jar (so a game may
 * bundle, say, a Vert.x client the server does not ship), except in {@code java.} and
 * {@code io.gamebus.api.}: an API class the server lacks means the game was built for a newer
 * gamebus, and it fails with {@link NoClassDefFoundError} rather than run against a mixed API.
 *
 * <p>Named {@code game:<name>:<version>} (see {@link ClassLoader#getName()}), which is what heap
 * dumps and stack traces show.
 */
public final class GameClassLoader extends URLClassLoader {

  /** Packages always loaded from the server, never from a game jar (prefixes of class names). */
  public static final List<String> SERVER_PACKAGES = List.of(
      "java.", "javax.", "jdk.", "sun.",
      "io.gamebus.api.", "io.vertx.", "io.netty.", "com.fasterxml.jackson.", "org.slf4j.");

  private static final List<String> SERVER_ONLY_PACKAGES = List.of("java.", "io.gamebus.api.");

  private static final List<String> SERVER_RESOURCE_DIRS =
      SERVER_PACKAGES.stream().map(prefix -> prefix.replace('.', '/')).toList();

  static {
    registerAsParallelCapable();
  }

  private final Path jar;
  private volatile boolean closed;

  /**
   * @param game    the game's name, for the loader's name
   * @param version the game's version, for the loader's name
   * @param jar     the game jar
   * @param server  the server's class loader: where shared packages come from, and the fallback
   *                for classes the jar does not have
   */
  public GameClassLoader(String game, String version, Path jar, ClassLoader server) {
    super("game:" + game + ":" + version, new URL[] {toUrl(jar)}, Objects.requireNonNull(server, "server"));
    this.jar = jar;
  }

  /** Whether a class of this (binary) name always comes from the server. */
  public static boolean isServerClass(String className) {
    return startsWithAny(className, SERVER_PACKAGES);
  }

  private static boolean startsWithAny(String name, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isServerResource(String name) {
    return startsWithAny(name.startsWith("/") ? name.substring(1) : name, SERVER_RESOURCE_DIRS);
  }

  /** The jar this loader reads. */
  public Path jar() {
    return jar;
  }

  /** Whether {@link #close()} was called: no further classes or resources come from the jar. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (startsWithAny(name, SERVER_ONLY_PACKAGES)) {
      return getParent().loadClass(name);
    }
    if (isServerClass(name)) {
      return super.loadClass(name, resolve); // parent-first, then the jar: URLClassLoader's default
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notInJar) {
          loaded = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    if (isServerResource(name)) {
      return super.getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (isServerResource(name)) {
      return super.getResources(name);
    }
    List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
    urls.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(urls);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    super.close();
  }

  @Override
  public String toString() {
    return getName() + " (" + jar + (closed ? ", closed)" : ")");
  }

  private static URL toUrl(Path jar) {
    try {
      return Objects.requireNonNull(jar, "jar").toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
