import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A question before an action that cannot simply be undone (remove a member, hand over a lead,
 * close a case): the title, what happens, cancel and the action named again. `children` (a reason to
 * give, an error) go between the words and the buttons.
 */
export function ConfirmDialog({
  opened,
  title,
  body,
  confirm,
  cancel,
  busy,
  onConfirm,
  onClose,
  color,
  children,
}: {
  opened: boolean;
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  color?: string;
  children?: ReactNode;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': cancel }}
      // No fade: the question is readable (and checkable) the moment it opens.
      transitionProps={{ duration: 0 }}
    >
      <Stack>
        <Text>{body}</Text>
        {children}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {cancel}
          </Button>
          <Button color={color} loading={busy} onClick={onConfirm}>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
