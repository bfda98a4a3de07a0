package dev.fusenet.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The image files of a directory and their classes, as Keras's {@code index_directory} finds them: each subfolder
 * is a class, named after it, in sorted order; its images are the files with an image extension anywhere below it,
 * ordered by folder and then by name. Names starting with a dot (.DS_Store, ._photo.jpg, .ipynb_checkpoints) are
 * left out, as are files of other extensions. Layouts that would train on the wrong classes are refused with what
 * to do instead.
 */
final class ImageFolder {

    /** The extensions Keras's {@code image_dataset_from_directory} reads, compared without case. */
    static final List<String> EXTENSIONS = List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

    /** Files, each one's class index, and the classes' names. */
    record Index(List<Path> files, int[] labels, List<String> classNames) {
    }

    private ImageFolder() {
    }

    /**
     * The images of {@code directory}'s class folders; {@code classNames}, when not empty, names the classes in the
     * order of their indices and must be exactly the subfolders.
     */
    static Index labelled(Path directory, List<String> classNames, boolean followLinks) {
        requireDirectory(directory);
        List<Path> folders = subfolders(directory);
        List<Path> loose = images(directory, false, followLinks);
        if (folders.isEmpty()) {
            throw new DataException(loose.isEmpty()
                    ? directory + " holds no class folders and no images (" + extensions() + "); labels are inferred "
                            + "from subfolders: put each class's images in a folder named after it ("
                            + directory.resolve("cats").resolve("1.jpg") + ")"
                    : directory + " holds " + loose.size() + " images but no class folders; labels are inferred "
                            + "from subfolders: put each class's images in a folder named after it ("
                            + directory.resolve("cats").resolve(loose.get(0).getFileName()) + "), or read them "
                            + "without labels with labelMode(NONE)");
        }
        if (!loose.isEmpty()) {
            throw new DataException(directory + " holds " + loose.size() + " images (" + loose.get(0).getFileName()
                    + (loose.size() > 1 ? ", ..." : "") + ") beside its class folders " + names(folders) + "; they "
                    + "would have no class: move them into a class folder, or out of " + directory);
        }
        List<String> found = folders.stream().map(f -> f.getFileName().toString()).toList();
        List<String> classes = classNames.isEmpty() ? found : requireSameClasses(directory, classNames, found);
        List<List<Path>> perClass = new ArrayList<>();
        List<Path> empty = new ArrayList<>();
        for (String name : classes) {
            List<Path> files = images(directory.resolve(name), true, followLinks);
            perClass.add(files);
            if (files.isEmpty()) {
                empty.add(directory.resolve(name));
            }
        }
        if (classNames.isEmpty()) {
            requireNotASplitLayout(directory, folders, followLinks);
        }
        if (!empty.isEmpty()) {
            boolean none = empty.size() == classes.size();
            throw new DataException(none
                    ? directory + " has no images (" + extensions() + ") in its class folders " + names(folders)
                    : "the class folder" + (empty.size() > 1 ? "s " : " ") + empty.stream().map(Path::toString)
                            .collect(Collectors.joining(", ")) + " hold" + (empty.size() > 1 ? "" : "s")
                            + " no images (" + extensions() + "); a class needs examples to learn from: add "
                            + "images, or remove the folder");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path file : perClass.get(c)) {
                files.add(file);
                labels.add(c);
            }
        }
        return new Index(files, labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    /** Every image below {@code directory}, without labels (Keras's {@code labels=None}). */
    static Index unlabelled(Path directory, boolean followLinks) {
        requireDirectory(directory);
        List<Path> files = images(directory, true, followLinks);
        if (files.isEmpty()) {
            throw new DataException(directory + " holds no images (" + extensions() + ") at any depth");
        }
        return new Index(files, null, List.of());
    }

    static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private static void requireDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new DataException(directory + (Files.exists(directory) ? " is a file, not a directory"
                    : " does not exist") + " (resolved to " + directory.toAbsolutePath() + "); give the folder "
                    + "whose subfolders are the classes");
        }
    }

    private static List<String> requireSameClasses(Path directory, List<String> classNames, List<String> found) {
        Set<String> given = new LinkedHashSet<>(classNames);
        if (given.size() != classNames.size()) {
            throw new DataException("classNames " + classNames + " names a class twice");
        }
        if (!given.equals(new HashSet<>(found))) {
            Set<String> missing = new TreeSet<>(given);
            found.forEach(missing::remove);
            Set<String> extra = new TreeSet<>(found);
            given.forEach(extra::remove);
            throw new DataException("classNames " + classNames + " must be exactly the subfolders of " + directory
                    + ", which are " + found + (missing.isEmpty() ? "" : "; no folder for " + missing)
                    + (extra.isEmpty() ? "" : "; not named: " + extra));
        }
        return List.copyOf(classNames);
    }

    /**
     * Refuses {@code data/train/cats, data/validation/cats}: class folders that hold no images themselves, only
     * folders, the same ones in each. Read as classes they would be "train" and "validation".
     */
    private static void requireNotASplitLayout(Path directory, List<Path> folders, boolean followLinks) {
        Set<String> inner = null;
        for (Path folder : folders) {
            List<Path> inside = subfolders(folder);
            if (!images(folder, false, followLinks).isEmpty() || inside.isEmpty()) {
                return;
            }
            Set<String> names = inside.stream().map(f -> f.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (inner != null && !inner.equals(names)) {
                return;
            }
            inner = names;
        }
        if (folders.size() == 1 || inner.size() > 1) {
            Path first = folders.get(0);
            throw new DataException("the folders of " + directory + " (" + names(folders) + ") hold no images, "
                    + "only the folders " + inner + " each: that is a layout of splits, not of classes, and read "
                    + "as it is the classes would be " + names(folders) + ". Pass " + first
                    + " as the directory (its folders " + inner + " are then the classes)"
                    + (folders.size() > 1 ? ", and " + folders.get(1) + " for the validation data" : "")
                    + "; if the inner folders really are parts of each class, name the classes with classNames");
        }
    }

    private static List<Path> subfolders(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image files in {@code directory} ({@code deep}: at any depth), ordered as Keras's walk orders them: by
     * folder path, then by name; hidden folders are not entered.
     */
    private static List<Path> images(Path directory, boolean deep, boolean followLinks) {
        FileVisitOption[] options = followLinks ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS}
                : new FileVisitOption[0];
        try (Stream<Path> entries = deep ? Files.walk(directory, options) : Files.list(directory)) {
            return entries.filter(p -> isImageName(p.getFileName().toString()))
                    .filter(p -> !hiddenBetween(directory, p))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> p.getParent().toString())
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot list the images of " + directory + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private static boolean hiddenBetween(Path directory, Path file) {
        Path relative = directory.relativize(file.getParent());
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String names(List<Path> folders) {
        return folders.stream().map(f -> f.getFileName().toString()).toList().toString();
    }

    private static String extensions() {
        return String.join(" ", EXTENSIONS);
    }
}
