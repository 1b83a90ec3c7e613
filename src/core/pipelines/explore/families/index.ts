/** The shipped families, one line each; ids are what `tinyforge families` lists. */
import type { Family } from '../family.ts'
import { DS_CNN } from './ds-cnn.ts'
import { FC_AUTOENCODER } from './fc-autoencoder.ts'
import { MOBILENET_V1 } from './mobilenet-v1.ts'
import { MOBILENET_V2 } from './mobilenet-v2.ts'
import { RESNET } from './resnet.ts'

export const FAMILIES: readonly Family[] = [MOBILENET_V1, MOBILENET_V2, RESNET, DS_CNN, FC_AUTOENCODER]

export function familyById(id: string): Family | undefined {
  return FAMILIES.find((f) => f.id === id)
}
