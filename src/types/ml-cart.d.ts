/**
 * The part of ml-cart (a dev dependency, used only as a test oracle for the tree kernel) that
 * the tests call; the package ships no types.
 */
declare module 'ml-cart' {
  export interface CartOptions {
    readonly gainFunction?: string;
    readonly splitFunction?: string;
    readonly minNumSamples?: number;
    readonly maxDepth?: number;
    readonly gainThreshold?: number;
  }
  export class DecisionTreeRegression {
    constructor(options?: CartOptions);
    train(trainingSet: number[][], trainingValues: number[]): void;
    predict(toPredict: number[][]): number[];
  }
  export class DecisionTreeClassifier {
    constructor(options?: CartOptions);
    train(trainingSet: number[][], trainingLabels: number[]): void;
    predict(toPredict: number[][]): number[];
  }
}
