import { readSteps } from './steps';

// Reads a workflow's steps off the main thread: parsing a 5,000-step YAML takes long enough to
// stall typing in Monaco if done between keystrokes.

interface Request {
  ticket: number;
  text: string;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage: (message: unknown) => void;
};

scope.onmessage = (event) => {
  const { ticket, text } = event.data;
  scope.postMessage({ ticket, steps: readSteps(text) });
};
