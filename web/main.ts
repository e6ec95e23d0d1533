/**
 * The workshop page's entry: reads the scenarios embedded in the page, starts the mocked APIs
 * (msw's service worker), and wires the two modes: a trainee picking scenarios one by one, and
 * a facilitator running a set of them as a quiz with the team's score.
 *
 * `#NAME` in the address opens that scenario at once (a facilitator can send a link).
 */
import { byId, element } from './dom.js';
import { MockApisInPage } from './mock-apis.js';
import { Quiz } from './quiz.js';
import { ScenarioView } from './scenario-view.js';
import { type WorkshopData, type WorkshopScenario, readWorkshopData } from './workshop-data.js';

async function startApis(): Promise<{ apis?: MockApisInPage; why: string }> {
  try {
    return { apis: await MockApisInPage.start(), why: '' };
  } catch (error) {
    const hint = location.protocol === 'file:' ? ' Serve the workshop folder over http (npx serve DIR): browsers run no service worker for a page opened from a file.' : '';
    return { why: `${(error as Error).message}${hint}` };
  }
}

function showSection(id: 'picker' | 'quiz-setup'): void {
  byId('picker').hidden = id !== 'picker';
  byId('quiz-setup').hidden = id !== 'quiz-setup';
  byId('quiz-bar').hidden = true;
  byId('quiz-summary').hidden = true;
  byId('scenario').hidden = true;
  byId('quiz-next').hidden = true;
}

function verdictText(scenario: WorkshopScenario): string {
  return scenario.type === 'scenario' ? 'simulated scenario' : 'recorded incident';
}

async function main(): Promise<void> {
  const data: WorkshopData = readWorkshopData(byId('scenario-data').textContent ?? '');
  const byName = new Map(data.scenarios.map((scenario) => [scenario.name, scenario]));
  const { apis, why } = await startApis();
  const view = new ScenarioView(apis, why);
  let quiz: Quiz | undefined;

  const openTraining = async (scenario: WorkshopScenario) => {
    quiz = undefined;
    byId('picker').hidden = true;
    byId('quiz-bar').hidden = true;
    byId('quiz-next').hidden = true;
    await view.open(scenario);
  };

  byId('scenario-list').replaceChildren(
    ...data.scenarios.map((scenario) => {
      const item = element('li');
      const button = element('button', { className: 'scenario-pick', text: scenario.name, attributes: { 'data-scenario': scenario.name } });
      button.addEventListener('click', () => {
        history.replaceState(null, '', `#${encodeURIComponent(scenario.name)}`);
        void openTraining(scenario);
      });
      const first = (scenario.recorded.description ?? '').split(/(?<=[.!?])\s/)[0] ?? '';
      item.append(button, element('span', { className: 'kind', text: verdictText(scenario) }), element('p', { text: first }));
      return item;
    }),
  );
  byId('quiz-choices').replaceChildren(
    ...data.scenarios.map((scenario) => {
      const label = element('label');
      label.append(element('input', { attributes: { type: 'checkbox', value: scenario.name, checked: '' } }), ` ${scenario.name}`);
      return label;
    }),
  );

  const showQuizBar = () => {
    const score = quiz!.score();
    byId('quiz-bar').hidden = false;
    byId('quiz-progress').textContent = `${Math.min(score.answered + 1, score.total)} of ${score.total}`;
    byId('quiz-score').textContent = `${score.right} of ${score.answered}`;
  };
  const playQuizScenario = async () => {
    const name = quiz!.current!;
    showQuizBar();
    byId('quiz-next').hidden = true;
    await view.open(byName.get(name)!, {
      onRevealed: (answer, reveal) => {
        quiz!.record(name, answer, reveal.result.problem);
        showQuizBar();
        byId('quiz-progress').textContent = `${quiz!.score().answered} of ${quiz!.score().total}`;
        const next = byId('quiz-next');
        next.textContent = quiz!.done ? "See the team's score" : 'Next scenario';
        next.hidden = false;
      },
    });
  };
  const showSummary = () => {
    const score = quiz!.score();
    byId('scenario').hidden = true;
    byId('quiz-bar').hidden = true;
    byId('quiz-summary').hidden = false;
    byId('quiz-final-score').textContent = `${score.right} of ${score.total}`;
    byId('quiz-results').replaceChildren(
      ...quiz!.answers.map((answer) => {
        const row = element('tr', { className: answer.right ? 'right' : 'wrong' });
        row.append(
          element('td', { text: answer.scenario }),
          element('td', { text: answer.answer }),
          element('td', { text: answer.verdict }),
          element('td', { text: answer.right ? 'right' : 'wrong' }),
        );
        return row;
      }),
    );
  };

  byId('mode-train').addEventListener('click', () => showSection('picker'));
  byId('mode-quiz').addEventListener('click', () => showSection('quiz-setup'));
  byId('quiz-start').addEventListener('click', () => {
    const chosen = [...document.querySelectorAll<HTMLInputElement>('#quiz-choices input:checked')].map((input) => input.value);
    if (chosen.length === 0) {
      byId('quiz-setup-status').textContent = 'Choose at least one scenario.';
      return;
    }
    quiz = new Quiz(chosen);
    byId('quiz-setup').hidden = true;
    byId('picker').hidden = true;
    void playQuizScenario();
  });
  byId('quiz-next').addEventListener('click', () => {
    if (!quiz) return;
    if (quiz.done) showSummary();
    else void playQuizScenario();
  });

  const wanted = byName.get(decodeURIComponent(location.hash.slice(1)));
  showSection('picker');
  if (wanted) await openTraining(wanted);
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  byId('fatal').textContent = `The workshop could not start: ${(error as Error).message}`;
  byId('fatal').hidden = false;
});
