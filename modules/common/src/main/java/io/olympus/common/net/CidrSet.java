package io.olympus.common.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** An immutable list of {@link CidrBlock}s with a membership test. */
public final class CidrSet {

  public static final CidrSet EMPTY = new CidrSet(List.of());

  private final List<CidrBlock> blocks;

  private CidrSet(List<CidrBlock> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Parses every entry; throws IllegalArgumentException naming the first bad one and what is expected. */
  public static CidrSet parse(List<String> entries) {
    List<CidrBlock> blocks = new ArrayList<>();
    for (String entry : entries) {
      try {
        blocks.add(CidrBlock.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + entry + "': expected " + e.getMessage());
      }
    }
    return blocks.isEmpty() ? EMPTY : new CidrSet(blocks);
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    for (CidrBlock block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public List<CidrBlock> blocks() {
    return blocks;
  }

  @Override
  public String toString() {
    return blocks.toString();
  }
}
