import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FormState, UNKNOWN_TIME_ZONE } from '../../../src-renderer/lib/form-state.svelte.js';
import StepTiming from '../../../src-renderer/steps/StepTiming.svelte';

function setup() {
  const form = new FormState();
  form.step = 'timing';
  render(StepTiming, { form, onnavigate: vi.fn() });
  return form;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('Timing step', () => {
  it("explains each timing in the re-encryption page's words, with no BYOK-era durations", async () => {
    const form = setup();
    const immediate = screen.getByRole('radio', { name: 'Immediate' });
    expect(immediate).toHaveAccessibleDescription(
      expect.stringContaining('downtime outside the maintenance window once it starts'),
    );
    expect(immediate).not.toHaveAccessibleDescription(expect.stringMatching(/business days|hours to days/));
    const window = screen.getByRole('radio', { name: 'Next maintenance window' });
    expect(window).toHaveAccessibleDescription(
      expect.stringContaining('no additional downtime outside of it'),
    );
    expect(window).toHaveAccessibleDescription(expect.stringContaining('between 1 a.m. and 3 a.m.'));
    expect(screen.getByText(/gives no duration/)).toBeInTheDocument();
    await fireEvent.click(immediate);
    expect(form.draft.timing).toBe('immediate');
  });

  it("shows the next maintenance window on this computer's clock for the chosen server timezone", async () => {
    vi.stubEnv('TZ', 'Europe/London'); // this computer's clock, the same on any machine
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-05-13T20:00:00Z'));
    const form = setup();
    await fireEvent.change(screen.getByRole('combobox', { name: /Timezone of your sites' server/ }), {
      target: { value: 'Asia/Tokyo' },
    });
    expect(form.serverTimeZone).toBe('Asia/Tokyo');
    // 05:00 on 14 May in Tokyo: that night's window is over; the next is 15 May 01:00 JST, 17:00 in London.
    expect(screen.getByText(/Next maintenance window:/)).toHaveTextContent(
      "Next maintenance window: Tue 14 May, 17:00–19:00 your time (Europe/London), which is Wed 15 May, 01:00–03:00 on the server's clock (Asia/Tokyo).",
    );
    // The page asks for the next *available* window: with that timing chosen, the date is not promised.
    const later = /may start in a later window than this one, depending on when support handles the ticket/;
    expect(screen.queryByText(later)).toBeNull();
    await fireEvent.click(screen.getByRole('radio', { name: 'Next maintenance window' }));
    expect(screen.getByText(later)).toHaveTextContent(/^Our advice: /);
    await fireEvent.click(screen.getByRole('radio', { name: 'Immediate' }));
    expect(screen.queryByText(later)).toBeNull();
  });

  it('offers to ask support when the timezone is not known', async () => {
    const form = setup();
    await fireEvent.change(screen.getByRole('combobox', { name: /Timezone of your sites' server/ }), {
      target: { value: UNKNOWN_TIME_ZONE },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Ask about it in the ticket' }));
    expect(form.draft.notes).toBe('Please confirm the timezone of our maintenance window.');
    // The button is gone: focus goes to the line that took its place, not to the page.
    await vi.waitFor(() => {
      expect(screen.getByText('The question is in your notes for support.')).toHaveFocus();
    });
  });

  it('shows the impact levels with their first-response targets, and the level/timing warning', async () => {
    const form = setup();
    const level1 = screen.getByRole('radio', { name: 'Level 1 – Critical' });
    expect(level1).toHaveAccessibleDescription(
      expect.stringContaining('First response within 30 minutes on Enterprise.'),
    );
    expect(screen.getByText(/Our advice: a first response is an answer to the ticket/)).toBeInTheDocument();
    expect(
      screen.getByText(/for Levels 3 and 4 the Standard and Premium figures: the copy of that page/),
    ).toBeInTheDocument();
    expect(screen.getByText(/the wording of Atlassian's support response SLA page/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('radio', { name: 'Next maintenance window' }));
    await fireEvent.click(level1);
    expect(form.draft.impact).toBe('L1');
    expect(
      screen.getByText(
        /re-encryption page gives Level 1 as the example for an immediate re-encryption.*Our advice: /,
      ),
    ).toBeInTheDocument();
  });

  // The support form's list of working-hours options is not known (domain notes §2.3): no made-up choices.
  it('offers no guessed working-hours options, and its hint says the list is not known', () => {
    setup();
    const field = screen.getByRole('textbox', { name: /Your normal working hours/ });
    expect(field).toHaveAccessibleDescription(expect.stringContaining('it does not list the options'));
    expect(screen.queryByRole('group', { name: /Suggestions for working hours/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /business hours/ })).not.toBeInTheDocument();
  });
});
