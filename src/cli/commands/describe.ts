import type { Command } from '../command.js';
import { loadApp } from '../load-app.js';

/** `streams-run app.ts describe`: the app's topics, agents and tables, then its topology (Kafka's describe() layout). */
export const describeCommand: Command = {
  name: 'describe',
  summary: 'print the topics, agents, tables and the topology of the app (needs no broker)',
  usage: 'streams-run <app.ts> describe',
  needsApp: true,
  options: {},
  async run(ctx) {
    const app = await loadApp(ctx.appFile as string);
    const description = await app.describe();
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    ctx.out(`App ${app.id} (broker ${app.broker})`);
    ctx.out(`Topics: ${app.topics.map((t) => `${t.name} (${plural(t.partitions, 'partition')})`).join(', ') || '-'}`);
    ctx.out(
      `Agents: ${app.agents.map((a) => `${a.name} <- ${a.topic}${a.groupBy ? ' (groupBy)' : ''}${a.concurrency > 1 ? ` x${a.concurrency}` : ''}`).join(', ') || '-'}`,
    );
    ctx.out(`Tables: ${app.tables.map((t) => `${t.name}${t.windowed ? ' (windowed)' : ''}`).join(', ') || '-'}`);
    ctx.out('');
    ctx.out(description.trimEnd());
    return 0;
  },
};
