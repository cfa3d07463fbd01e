import { describe, expect, it } from 'vitest';
import { memorySite } from './helpers.ts';

const render = (body: string) => memorySite({ 'Tasks.md': body }).render('Tasks.md');

describe('task lists', () => {
  it('labels each checkbox with its item text, keeping a nested list outside the label', async () => {
    const html = await render('- [x] done **well**\n- [ ] to do\n  - [ ] nested\n');
    expect(html).toMatch(/<li class="task-list-item" data-task="x"><label><input type="checkbox" checked disabled> done <strong>well<\/strong><\/label><\/li>/);
    expect(html).toMatch(/<label><input type="checkbox" disabled> to do\n?<\/label>\s*<ul class="contains-task-list">\s*<li class="task-list-item" data-task=" "><label><input type="checkbox" disabled> nested<\/label>/);
  });

  it('labels the checkbox of a loose list inside its paragraph', async () => {
    const html = await render('- [ ] first\n\n- [x] second\n');
    expect(html).toMatch(/<p><label><input type="checkbox" disabled> first<\/label><\/p>/);
  });
});
