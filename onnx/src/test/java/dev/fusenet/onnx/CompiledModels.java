package dev.fusenet.onnx;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fusenet.processor.FusenetProcessor;
import dev.fusenet.runtime.Model;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles a {@code @Compile} interface with fusenet's processor in memory and makes its compiled class. */
final class CompiledModels {

    private CompiledModels() {
    }

    /** A new {@code Compiled<Type>} for the interface {@code qualifiedName} written in {@code source}. */
    static Model compile(String qualifiedName, String source) throws ReflectiveOperationException, IOException {
        Compilation compilation = javac().withProcessors(new FusenetProcessor())
                .compile(JavaFileObjects.forSourceString(qualifiedName, source));
        if (compilation.status() != Compilation.Status.SUCCESS) {
            throw new AssertionError("does not compile: " + compilation.diagnostics() + "\n" + source);
        }
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                        path.length() - ".class".length()).replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                }
            }
        }
        ClassLoader loader = new ClassLoader(CompiledModels.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        int dot = qualifiedName.lastIndexOf('.');
        String compiled = qualifiedName.substring(0, dot + 1) + "Compiled" + qualifiedName.substring(dot + 1);
        return (Model) loader.loadClass(compiled).getConstructor().newInstance();
    }
}
