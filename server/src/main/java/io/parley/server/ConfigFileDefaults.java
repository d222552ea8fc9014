package io.parley.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Option values from the properties file named by {@code --config}, as picocli defaults: a flag on
 * the command line wins over the file, the file over the built-in default. Keys are the long
 * option names without dashes ({@code port=9090}, {@code tls-cert=/etc/parley/cert.pem}).
 *
 * <p>Picocli applies defaults while it parses, so the file must be known before: {@link #install}
 * finds {@code --config} in the raw arguments first.
 */
final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
    static final String OPTION = "--config";

    private final Path file;
    private final Properties values;

    private ConfigFileDefaults(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /**
     * If {@code args} name a config file, reads it and makes it the defaults of {@code commandLine}.
     * Throws a {@link ParameterException} when it cannot be read or has a key that is no option.
     */
    static void install(CommandLine commandLine, String[] args) {
        Path file = find(args);
        if (file == null) {
            return;
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(reader);
        } catch (NoSuchFileException e) {
            throw new ParameterException(commandLine, "config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(commandLine, "cannot read config file " + file + ": " + e);
        }
        Set<String> known = keys(commandLine);
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            if (!known.contains(key)) {
                throw new ParameterException(commandLine, "unknown option '" + key + "' in config file " + file);
            }
        }
        commandLine.setDefaultValueProvider(new ConfigFileDefaults(file, values));
    }

    /** The keys a config file may use: every option but --config itself, --help and --version. */
    static Set<String> keys(CommandLine commandLine) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals(OPTION)) {
                keys.add(key(option));
            }
        }
        return keys;
    }

    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** Where a value that picocli refused came from, if it was this file; else an empty string. */
    static String origin(CommandLine commandLine, ArgSpec arg, String[] args) {
        if (!(commandLine.getDefaultValueProvider() instanceof ConfigFileDefaults defaults)
                || !(arg instanceof OptionSpec option) || defaults.values.getProperty(key(option)) == null) {
            return "";
        }
        for (String a : args) {
            for (String name : option.names()) {
                if (a.equals(name) || a.startsWith(name + "=")) {
                    return ""; // given on the command line, which wins
                }
            }
        }
        return " (" + key(option) + " in " + defaults.file + ")";
    }

    private static Path find(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith(OPTION + "=")) {
                return Path.of(args[i].substring(OPTION.length() + 1));
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            String value = values.getProperty(key(option));
            return value == null ? null : value.strip();
        }
        return null;
    }
}
