package dev.fusenet.onnx;

import java.io.IOException;

/**
 * An ONNX file fusenet cannot turn into a model: an operator or pattern it does not have, or a graph that is not
 * one chain of layers. The message names the node, its operator and what fusenet supports; no model is made.
 */
public final class OnnxImportException extends IOException {

    private static final long serialVersionUID = 1L;

    public OnnxImportException(String message) {
        super(message);
    }
}
