/**
 * The training data chooser shared by the Train tab and the Explore tab's proxy check (one data choice in the train
 * slice): Folder… (class sub-folders) and Files… (.npy x + y, or IDX), the chosen data's label and the one-line error of
 * a bad choice. `droppable` also takes files and folders dropped on it.
 */
import { useRef } from 'react'
import type { ChangeEvent, DragEvent } from 'react'
import { editorStore } from '../../store/editor-store.ts'
import { chooseTrainData } from '../../store/train-commands.ts'
import { selectTrain } from '../../store/train-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { folderListing } from '../quantize/quantize-setup.tsx'
import { droppedData } from './dropped-files.ts'

export interface TrainingDataPickerProps {
  /** Heading of the box, e.g. "Data". */
  label: string
  /** Shown until data is chosen. */
  emptyHint: string
  /** data-testid prefix of the inputs and the chosen label: `<prefix>-folder-input`, `<prefix>-files-input`, `<prefix>-chosen`. */
  testIdPrefix: string
  folderAriaLabel: string
  filesAriaLabel: string
  disabled: boolean
  droppable?: boolean
}

export function TrainingDataPicker(props: TrainingDataPickerProps) {
  const { data, dataError } = useEditor(selectTrain)
  const folderRef = useRef<HTMLInputElement | null>(null)
  const filesRef = useRef<HTMLInputElement>(null)
  const onFolder = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])]
    e.currentTarget.value = ''
    const { folder, refs } = folderListing(files)
    chooseTrainData(editorStore, 'folder', folder, refs)
  }
  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])]
    e.currentTarget.value = ''
    chooseTrainData(editorStore, 'files', files.map((f) => f.name).join(', '), files.map((f) => ({ path: f.name, blob: f })))
  }
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    void droppedData(e.dataTransfer).then((d) => { if (d) chooseTrainData(editorStore, d.kind, d.label, d.files) })
  }
  const drop = props.droppable
    ? { 'data-file-drop': '', onDragOver: (e: DragEvent<HTMLDivElement>) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy' }, onDrop }
    : {}
  return (
    <>
      <div className="tf-train__data" {...drop}>
        <span className="tf-qsetup__label">{props.label}</span>
        <div className="tf-qsetup__row">
          <button type="button" className="tf-button tf-qsetup__choose" disabled={props.disabled} onClick={() => folderRef.current?.click()}>Folder…</button>
          <button type="button" className="tf-button tf-qsetup__choose" disabled={props.disabled} onClick={() => filesRef.current?.click()}>Files…</button>
          <input type="file" multiple hidden tabIndex={-1} data-testid={`${props.testIdPrefix}-folder-input`} aria-label={props.folderAriaLabel}
            ref={(el) => { folderRef.current = el; el?.setAttribute('webkitdirectory', '') }} onChange={onFolder} />
          <input type="file" multiple hidden tabIndex={-1} data-testid={`${props.testIdPrefix}-files-input`} aria-label={props.filesAriaLabel}
            ref={filesRef} onChange={onFiles} />
        </div>
        <span className="tf-qsetup__hint tf-train__chosen" data-testid={`${props.testIdPrefix}-chosen`} title={data?.label}>
          {data ? `${data.kind === 'folder' ? 'folder' : 'files'}: ${data.label}` : props.emptyHint}
        </span>
      </div>
      {dataError && <p className="tf-qsetup__error" role="alert">{dataError}</p>}
    </>
  )
}
