import { AssignerProtocol } from 'kafkajs';
import type { GroupMember } from '../transport.js';

/** The group view the leader puts in every member's assignment userData (Kafka Streams' AssignmentInfo partitionsByHost). */
interface WireGroupInfo {
  readonly kstreamsGroup: string;
  readonly members: readonly { readonly id: string; readonly server?: string; readonly tps: readonly (readonly [string, number])[] }[];
}

type GroupListener = (members: GroupMember[]) => void;

const listeners = new Map<string, Set<GroupListener>>();
let installed = false;

/** The assignment userData telling every member of `groupId` who holds which partitions and where it serves queries. */
export function encodeGroupInfo(groupId: string, members: readonly GroupMember[]): Buffer {
  const info: WireGroupInfo = {
    kstreamsGroup: groupId,
    members: members.map((m) => ({
      id: m.memberId,
      ...(m.applicationServer === undefined ? {} : { server: m.applicationServer }),
      tps: m.partitions.map((tp) => [tp.topic, tp.partition] as const),
    })),
  };
  return Buffer.from(JSON.stringify(info));
}

/** The group view of an assignment's userData, or undefined when it carries none (another assigner, an older kstreams). */
export function decodeGroupInfo(buffer: Buffer | undefined): { groupId: string; members: GroupMember[] } | undefined {
  if (buffer === undefined || buffer.length === 0) return undefined;
  try {
    const info = JSON.parse(buffer.toString('utf8')) as Partial<WireGroupInfo>;
    const members: WireGroupInfo['members'] | undefined = info.members;
    if (typeof info.kstreamsGroup !== 'string' || members === undefined) return undefined; // malformed lists throw below, caught
    return {
      groupId: info.kstreamsGroup,
      members: members.map((m) => ({ memberId: m.id, applicationServer: m.server, partitions: m.tps.map(([topic, partition]) => ({ topic, partition })) })),
    };
  } catch {
    return undefined;
  }
}

/**
 * Calls `listener` with the group view of every SyncGroup answer for `groupId` received in this process; returns
 * the unsubscribe function. kafkajs decodes a member's assignment with `AssignerProtocol.MemberAssignment.decode`
 * and drops its userData, so that codec is wrapped once (the wrapper returns what kafkajs' own decode returns).
 * Members of one group in one process see the same view, which is the group's, so sharing it is harmless.
 */
export function onGroupInfo(groupId: string, listener: GroupListener): () => void {
  install();
  let set = listeners.get(groupId);
  if (set === undefined) listeners.set(groupId, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(groupId);
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  const codec = AssignerProtocol.MemberAssignment;
  const decode = codec.decode.bind(codec);
  codec.decode = (buffer) => {
    const decoded = decode(buffer);
    const info = decodeGroupInfo(decoded?.userData);
    if (info !== undefined) for (const listener of [...(listeners.get(info.groupId) ?? [])]) listener(info.members);
    return decoded;
  };
}
