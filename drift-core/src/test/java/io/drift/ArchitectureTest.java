package io.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules of docs/ARCHITECTURE.md, checked on the code itself:
 *
 * <ul>
 *   <li>no two packages of the engine depend on each other, directly or around a cycle: the
 *       packages form layers, the API package {@code io.drift} on top;
 *   <li>Drift's other modules use from the engine only what {@code module-info.java} exports to
 *       them (the JVM checks this when they run as named modules; on the class path, here);
 *   <li>no public signature of the API names an engine type.
 * </ul>
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CORE = ROOT.resolve("drift-core/src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.drift(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern EXPORT = Pattern.compile("exports\\s+([\\w.]+)(?:\\s+to\\s+([\\w.,\\s]+))?;");
    /** The Maven module directories and the module names module-info.java exports to. */
    private static final Map<String, String> MODULES = Map.of("drift-datasets", "io.drift.datasets",
            "drift-server", "io.drift.server", "drift-cluster", "io.drift.cluster", "drift-bench", "io.drift.bench");

    /** Source text without comments and string literals: references in prose are no dependencies. */
    static String code(Path file) throws IOException {
        String s = Files.readString(file);
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    /** Per package under {@code sourceRoot}: the packages its code references. */
    static Map<String, Set<String>> references(Path sourceRoot) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.getFileName().toString().equals("module-info.java")) {
                    continue;
                }
                String pkg = sourceRoot.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> refs = out.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(code(f));
                while (m.find()) {
                    refs.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** Per package under {@code sourceRoot}: the other packages under it that its code references. */
    static Map<String, Set<String>> packageDependencies(Path sourceRoot) throws IOException {
        Map<String, Set<String>> refs = references(sourceRoot);
        Map<String, Set<String>> deps = new TreeMap<>();
        for (Map.Entry<String, Set<String>> e : refs.entrySet()) {
            Set<String> d = new TreeSet<>(e.getValue());
            d.retainAll(refs.keySet());
            d.remove(e.getKey());
            deps.put(e.getKey(), d);
        }
        return deps;
    }

    @Test
    void theEnginesPackagesFormLayersWithTheApiOnTop() throws IOException {
        Map<String, Set<String>> deps = packageDependencies(CORE);
        List<String> cycle = findCycle(deps);
        assertTrue(cycle.isEmpty(), "packages depending on each other: " + String.join(" -> ", cycle));
        for (Map.Entry<String, Set<String>> e : deps.entrySet()) {
            assertTrue(e.getKey().equals("io.drift") || !e.getValue().contains("io.drift"),
                    e.getKey() + " uses the API package");
        }
    }

    @Test
    void theClustersPackagesFormLayers() throws IOException {
        Map<String, Set<String>> deps = packageDependencies(ROOT.resolve("drift-cluster/src/main/java"));
        assertTrue(deps.size() >= 5, "cluster packages found: " + deps.keySet());
        List<String> cycle = findCycle(deps);
        assertTrue(cycle.isEmpty(), "cluster packages depending on each other: " + String.join(" -> ", cycle));
    }

    /** A cycle in {@code deps} as its packages in order (the first again at the end), or empty. */
    static List<String> findCycle(Map<String, Set<String>> deps) {
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (String start : deps.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, deps, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String p, Map<String, Set<String>> deps, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return false;
        }
        path.add(p);
        if (s != null) { // on the path: a cycle from its first occurrence
            path.subList(0, path.indexOf(p)).clear();
            return true;
        }
        state.put(p, 1);
        for (String d : deps.getOrDefault(p, Set.of())) {
            if (visit(d, deps, state, path)) {
                return true;
            }
        }
        state.put(p, 2);
        path.removeLast();
        return false;
    }

    @Test
    void otherModulesUseOnlyWhatTheEngineExportsToThem() throws IOException {
        Set<String> corePackages = references(CORE).keySet();
        Set<String> toAll = new TreeSet<>();
        Map<String, Set<String>> toModule = new HashMap<>();
        Matcher m = EXPORT.matcher(code(CORE.resolve("module-info.java")));
        while (m.find()) {
            if (m.group(2) == null) {
                toAll.add(m.group(1));
            } else {
                for (String module : m.group(2).split(",")) {
                    toModule.computeIfAbsent(module.strip(), k -> new TreeSet<>()).add(m.group(1));
                }
            }
        }
        assertEquals(Set.of("io.drift"), toAll, "the engine exports its API package to everyone, nothing else");
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            Set<String> allowed = new TreeSet<>(toAll);
            allowed.addAll(toModule.getOrDefault(module.getValue(), Set.of()));
            Path src = ROOT.resolve(module.getKey()).resolve("src/main/java");
            for (Map.Entry<String, Set<String>> e : references(src).entrySet()) {
                for (String used : e.getValue()) {
                    if (corePackages.contains(used) && !allowed.contains(used)) {
                        violations.add(module.getKey() + ": " + e.getKey() + " uses " + used);
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), "engine packages not exported to the module that uses them: " + violations);
    }

    @Test
    void noPublicSignatureOfTheApiNamesAnEngineType() throws IOException, ClassNotFoundException {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORE.resolve("io/drift"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                Class<?> c = Class.forName("io.drift." + name);
                check(c, leaks);
            }
        }
        assertTrue(leaks.isEmpty(), "engine types in the API: " + leaks);
    }

    private static void check(Class<?> c, List<String> leaks) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return;
        }
        for (Class<?> nested : c.getDeclaredClasses()) {
            check(nested, leaks);
        }
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                types.add(m.getGenericReturnType());
                types.addAll(List.of(m.getGenericExceptionTypes()));
                types.forEach(t -> checkType(t, c.getName() + "." + m.getName(), leaks));
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (Modifier.isPublic(k.getModifiers())) {
                for (Type t : k.getGenericParameterTypes()) {
                    checkType(t, c.getName() + ".<init>", leaks);
                }
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers())) {
                checkType(f.getGenericType(), c.getName() + "." + f.getName(), leaks);
            }
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                checkType(rc.getGenericType(), c.getName() + "." + rc.getName(), leaks);
            }
        }
        if (c.getSuperclass() != null) {
            checkType(c.getGenericSuperclass(), c.getName() + " extends", leaks);
        }
        for (Type t : c.getGenericInterfaces()) {
            checkType(t, c.getName() + " implements", leaks);
        }
    }

    private static void checkType(Type t, String where, List<String> leaks) {
        switch (t) {
            case Class<?> k -> {
                Class<?> base = k;
                while (base.isArray()) {
                    base = base.getComponentType();
                }
                String pkg = base.getPackageName();
                if (pkg.startsWith("io.drift") && !pkg.equals("io.drift")) {
                    leaks.add(where + ": " + base.getName());
                }
            }
            case ParameterizedType p -> {
                checkType(p.getRawType(), where, leaks);
                for (Type a : p.getActualTypeArguments()) {
                    checkType(a, where, leaks);
                }
            }
            case GenericArrayType g -> checkType(g.getGenericComponentType(), where, leaks);
            case WildcardType w -> {
                for (Type b : w.getUpperBounds()) {
                    checkType(b, where, leaks);
                }
            }
            default -> { }
        }
    }
}
