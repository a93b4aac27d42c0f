package io.gamebus.node;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gamebus new game NAME}: starts something new; today, a game project. */
@Command(name = "new", mixinStandardHelpOptions = true, subcommands = NewGame.class,
    description = "Writes a new project: 'new game NAME' writes a game project that builds and plays as it stands.")
final class NewCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }
}
