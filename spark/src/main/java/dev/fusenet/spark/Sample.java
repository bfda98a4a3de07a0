package dev.fusenet.spark;

import java.io.Serializable;

/**
 * One training row: its features, flat (an image's pixels in the model's channels-last order), and its label:
 * one number (a class index, or a value) or a one-hot or output-shaped array.
 */
public record Sample(float[] features, float[] label) implements Serializable {
}
