package io.microseg.topology.path;

import java.util.Arrays;

/** A binary min-heap of primitive longs; the search pushes packed (distance, switch) keys without boxing. */
final class LongMinHeap {
    private long[] keys = new long[16];
    private int size;

    void push(long key) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        int at = size++;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[at] = keys[parent];
            at = parent;
        }
        keys[at] = key;
    }

    long pop() {
        long top = keys[0];
        long last = keys[--size];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && keys[child + 1] < keys[child]) {
                child++;
            }
            if (keys[child] >= last) {
                break;
            }
            keys[at] = keys[child];
            at = child;
        }
        keys[at] = last;
        return top;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
